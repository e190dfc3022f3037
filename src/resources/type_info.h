#pragma once
// What a resource type is, known before any instance is made: one registry
// row (resources/registry.cc) from which the configuration keys, the
// selection, --only and its help, completion, the tag query, ARN reading and
// the price table's names are all derived. Nothing outside src/resources
// names a type.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/project_config.h"

namespace arm {

class Clock;
class ClientSet;
class ResourceType;

// Where the name sits in the type's ARNs:
// arn:PARTITION:<service>:REGION:ACCOUNT:<resource_prefix><name>, the name
// ending at the first of `name_ends` ("" : it runs to the end).
struct ArnForm {
  std::string_view service;          // "kinesis"
  std::string_view resource_prefix;  // "stream/"
  std::string_view name_ends;        // Lambda: ":" (a qualifier follows)
  // When set, the name starts after this text instead of right after
  // resource_prefix (an Auto Scaling group: "autoScalingGroup:" UUID
  // ":autoScalingGroupName/" NAME).
  std::string_view name_after = {};
  // When > 0, the name is this many '/'-separated segments and what follows
  // is dropped (an EKS node group: nodegroup/CLUSTER/NODEGROUP/UUID names
  // "CLUSTER/NODEGROUP").
  int name_segments = 0;
};

struct TypeInfo {
  std::string_view id;        // "kinesis-stream": state files, reports, JSON
  std::string_view selector;  // "kinesis": --only / --exclude
  // Its configuration keys (TypeKey): the list of names ("KINESIS_STREAMS"),
  // its own name prefix instead of NAME_PREFIX ("CLOUDWATCH_ALARM_PREFIX"),
  // its true/false options. "" / empty: none.
  std::string_view names_key;
  std::string_view prefix_key;
  std::vector<std::string_view> flag_keys;
  // Its names in the price table (data/prices.json): "kinesis-shard-hour",
  // or "sagemaker-instance-hour/*" for a family keyed by instance type.
  std::vector<std::string_view> price_keys;
  ArnForm arn;
  // The Resource Groups Tagging API's resource type ("kinesis:stream").
  std::string_view tagging_type;
  // Stop runs stages in increasing order, start in decreasing order.
  int stop_stage = 0;
  // What stop does to it, for --help ("reserved concurrency 0").
  std::string_view parked;
  // The name prefix rule reads the resource's own name, after the last '/'
  // of "CLUSTER/NAME" (ECS services, EKS node groups): a cluster whose name
  // starts with the prefix does not make another project's service ours.
  bool prefix_on_own_name = false;

  // The key that names resources one by one (names_key, else prefix_key),
  // for the command that brings a recorded resource back into the selection.
  std::string_view selection_key() const { return names_key.empty() ? prefix_key : names_key; }
  // The resource's name when `arn` is one of this type's, else "".
  std::string NameFromArn(std::string_view text) const;
};

// What a type's factory is given: the clients it asks for, the clock and
// the configuration (its own keys through ProjectConfig::TypeValue).
struct TypeContext {
  ClientSet& clients;
  Clock& clock;
  const ProjectConfig& config;
};

// One registry row.
struct TypeEntry {
  const TypeInfo* info = nullptr;
  std::unique_ptr<ResourceType> (*make)(const TypeContext&) = nullptr;
};

}  // namespace arm
