#pragma once
// The least-privilege IAM policy, generated from what each action declares
// (Cloud Custodian style). `aws-resource-manager iam-policy` prints it for a
// configuration: mutating actions on the project's ARNs only. docs/iam-policy.json
// is the same code's output with ${Placeholders}; a test keeps the two equal.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "resources/resource.h"

namespace arm {

// Permissions the tool needs outside the resource types (identity, tag
// discovery).
std::vector<Permission> CommonPermissions();

// Where the policy applies: the values of the ARN templates' placeholders.
struct PolicyScope {
  std::string partition = "aws";
  std::string region;
  std::string account;
  // ResourceType::type() -> the name patterns the configuration selects
  // ("proj-dev-*", "orders"). A type without names gets no statement that
  // needs a name (it can only be discovered).
  std::map<std::string, std::vector<std::string>> names;
  std::string sns_topic_arn;        // SNS_TOPIC_ARN; "": no sns:Publish
  std::string state_backup_object;  // "BUCKET/KEY"; "": no S3 statement
};

// {"Version": "2012-10-17", "Statement": [...]}. Unscoped actions ("*") are
// one statement per use ("discover", "stop", ...); scoped ones one per use,
// service and resource list. Actions sorted and unique; Sids unique.
nlohmann::ordered_json BuildIamPolicy(const std::vector<const ResourceType*>& types,
                                      const PolicyScope& scope);

// The scope of docs/iam-policy.json: ${Partition}, ${Region}, ${Account},
// ${NamePrefix}* for every type (${AlarmPrefix}* for alarms), ${SnsTopicArn}
// and ${StateBackupBucket}/${StateBackupKey}.
PolicyScope PlaceholderScope(const std::vector<const ResourceType*>& types);

// `name` as it must appear in a policy's ARN to mean itself: IAM reads '*'
// and '?' as wildcards, so they (and '$') become ${*}, ${?} and ${$}.
std::string IamLiteral(const std::string& name);

// "aws", "aws-cn" or "aws-us-gov" (and the ISO partitions) for a region.
std::string PartitionOf(const std::string& region);

}  // namespace arm
