#pragma once
// State shared by the SageMaker and Application Auto Scaling handlers: AWS
// deregisters an endpoint's scalable targets when the endpoint is deleted, and
// RegisterScalableTarget checks that the endpoint variant exists.
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sandbox/ecs_store.h"
#include "sandbox/service_handler.h"

namespace sandbox {

using TagList = std::vector<std::pair<std::string, std::string>>;  // in insertion order

struct SmModel {
  std::string name;
  nlohmann::json spec;  // DescribeModel members other than name/arn/time, verbatim
  double creation_time = 0;
};

struct SmEndpointConfig {
  std::string name;
  nlohmann::json production_variants = nlohmann::json::array();  // ProductionVariant list, verbatim
  // The other members (DataCaptureConfig, KmsKeyId, AsyncInferenceConfig...),
  // verbatim as given.
  nlohmann::json spec = nlohmann::json::object();
  double creation_time = 0;
  // Estate-only "SandboxCreationFailure": an endpoint created from this
  // config ends Failed with this reason, as AWS's do when capacity is short.
  std::string creation_failure;
};

struct SmVariant {
  std::string name;
  std::string image;  // the model's PrimaryContainer image
  int instance_count = 1;
  double weight = 1.0;
};

struct SmEndpoint {
  std::string name;
  std::string config_name;
  std::string status;  // Creating, InService, Deleting, Failed...
  std::string failure_reason;
  double creation_time = 0;
  double last_modified_time = 0;
  std::chrono::system_clock::time_point transition_at;  // Creating/Deleting finish
  std::vector<SmVariant> variants;
};

struct SmNotebook {
  std::string name;
  std::string status;  // Pending, InService, Stopping, Stopped, Failed, Deleting, Updating
  std::string instance_type;
  int volume_gb = 5;
  std::string failure_reason;
  // Estate-only "SandboxStartFailure": a start ends Failed with this reason.
  std::string start_failure;
  nlohmann::json spec = nlohmann::json::object();  // the other Describe members, verbatim
  double creation_time = 0;
  double last_modified_time = 0;
  std::chrono::system_clock::time_point transition_at;  // of the transient statuses
};

struct ScalableTarget {
  std::string service_namespace;
  std::string resource_id;
  std::string scalable_dimension;
  int64_t min_capacity = 0;
  int64_t max_capacity = 0;
  std::string role_arn;
  std::string arn;
  double creation_time = 0;
  nlohmann::json suspended_state;
};

struct ScalingPolicy {
  std::string name;
  std::string arn;
  std::string service_namespace;
  std::string resource_id;
  std::string scalable_dimension;
  std::string policy_type;
  nlohmann::json step_config;             // null when absent
  nlohmann::json target_tracking_config;  // null when absent
  nlohmann::json alarms = nlohmann::json::array();
  double creation_time = 0;
};

// A scheduled action of Application Auto Scaling; optional members are null
// when absent (StartTime/EndTime as epoch seconds, as awsJson sends them).
struct ScheduledAction {
  std::string name;
  std::string arn;
  std::string service_namespace;
  std::string resource_id;
  std::string scalable_dimension;
  std::string schedule;
  nlohmann::json timezone;                // string or null
  nlohmann::json start_time, end_time;    // number or null
  nlohmann::json scalable_target_action;  // {MinCapacity, MaxCapacity} or null
  double creation_time = 0;
};

constexpr char kSageMakerNamespace[] = "sagemaker";
constexpr char kVariantDimension[] = "sagemaker:variant:DesiredInstanceCount";
constexpr char kEcsNamespace[] = "ecs";
constexpr char kEcsServiceDimension[] = "ecs:service:DesiredCount";

// Callers hold mu while touching anything else.
struct SageMakerStore {
  explicit SageMakerStore(const Context& context) : ctx(context) {
    ecs.task_seconds = ctx.ecs_task_seconds;
  }

  Context ctx;  // a copy: the registry's Context may not outlive the handlers
  std::mutex mu;
  // Keyed by lower-case name: SageMaker names are case-insensitive.
  std::map<std::string, SmModel> models;
  std::map<std::string, SmEndpointConfig> configs;
  std::map<std::string, SmEndpoint> endpoints;
  std::map<std::string, SmNotebook> notebooks;  // sagemaker_notebooks.h
  double notebook_seconds = 2;                  // each notebook transition
  std::map<std::string, TagList> tags;          // by lower-case ARN
  std::vector<ScalableTarget> targets;
  std::vector<ScalingPolicy> policies;
  std::vector<ScheduledAction> scheduled_actions;
  int next_id = 1;
  // AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint exists in the
  // account: the first RegisterScalableTarget creates it (and needs
  // iam:CreateServiceLinkedRole). Estate: application_autoscaling
  // .service_linked_role_exists, default true when it has scalable targets.
  bool service_linked_role_exists = false;
  // ECS, whose services Application Auto Scaling checks and scales
  // (ecs_store.h).
  EcsState ecs;

  std::string Arn(std::string_view type, std::string_view name) const;
  double Now() const;
  // Applies due Creating -> InService and Deleting -> gone transitions, and
  // ECS's deployments and auto scaling (EcsState::Advance).
  void Advance();
  SmEndpoint* FindEndpoint(const std::string& name);
  // Variants as deployed from the endpoint config (counts and weights from
  // InitialInstanceCount/InitialVariantWeight).
  std::vector<SmVariant> VariantsFor(const SmEndpointConfig& config) const;
  // Drops the endpoint's scalable targets with their policies and scheduled
  // actions ("endpoint/NAME/variant/*"), as AWS does when the endpoint goes.
  void DeregisterEndpointTargets(const std::string& endpoint_name);
  // Deregisters one target: its policies and scheduled actions go with it.
  void RemoveTarget(const std::string& resource_id, const std::string& dimension);
  // True when some scalable target belongs to the endpoint.
  bool EndpointHasTargets(const std::string& endpoint_name) const;
  std::string NewId();
  // ARNs and alarms as Application Auto Scaling reports them.
  std::string ServiceLinkedRoleArn() const;
  // The role a target of `service_namespace` reports (SageMaker's or ECS's).
  std::string TargetRoleArn(const std::string& service_namespace) const;
  std::string NewTargetArn();
  std::string NewPolicyArn(const std::string& resource_id, const std::string& policy_name);
  std::string NewScheduledActionArn(const std::string& resource_id, const std::string& action_name);
  nlohmann::json NewTargetTrackingAlarms(const std::string& resource_id);

  // Takes "region"/"account_id" from a whole estate when it has them.
  void UseEstateAccount(const nlohmann::json& estate);
  void LoadSageMaker(const nlohmann::json& section);
  void LoadAutoScaling(const nlohmann::json& section);
  nlohmann::json DumpSageMaker();
  nlohmann::json DumpAutoScaling();
};

// The section `key` of a whole estate, or `estate` itself when it is already
// that section (callers may pass either).
const nlohmann::json& EstateSection(const nlohmann::json& estate, const char* key);
nlohmann::json TagsToJson(const TagList& tags);
// Adds `count` generated endpoints (with configs, models, tags
// Project=generated, and an Application Auto Scaling target with a
// target-tracking policy on every other one) to a whole estate.
void GenerateSageMakerEstate(int count, const Context& context, nlohmann::json& estate);

}  // namespace sandbox
