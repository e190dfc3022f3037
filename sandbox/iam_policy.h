#pragma once
// An IAM identity-based policy document (aws-sandbox --iam-policy) and its
// evaluation as IAM does it for one principal: default deny, an explicit Deny
// wins over any Allow, actions matched case-insensitively and resources
// case-sensitively with '*' and '?' wildcards.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sandbox {

enum class IamEffect { kAllow, kDeny };

enum class IamOperator { kStringEquals, kStringNotEquals, kStringLike, kStringNotLike };

struct IamCondition {
  IamOperator op = IamOperator::kStringEquals;
  bool if_exists = false;
  std::string key;  // lower case: condition key names are case-insensitive
  std::vector<std::string> values;
};

struct IamStatement {
  std::string sid;
  IamEffect effect = IamEffect::kAllow;
  bool not_action = false;
  std::vector<std::string> actions;  // lower case
  bool not_resource = false;
  std::vector<std::string> resources;
  std::vector<IamCondition> conditions;  // all must hold
};

struct IamPolicy {
  nlohmann::json document;  // as given, for GET /_sandbox/iam-policy
  std::vector<IamStatement> statements;
  // Some condition reads aws:ResourceTag/<key>: the resource's tags must be
  // looked up for each request.
  bool uses_resource_tags = false;
};

// The request context's condition keys, by lower-case name
// ("aws:requestedregion", "iam:awsservicename", "aws:resourcetag/project").
using IamConditionKeys = std::map<std::string, std::string>;

enum class IamDecision { kAllow, kImplicitDeny, kExplicitDeny };

// InvalidArgument, one line naming the statement and field, for anything but
// a well-formed document using the supported fields, operators and keys
// (Version, Id, Statement; Sid, Effect, Action/NotAction, Resource/NotResource,
// Condition with String[Not]Equals/String[Not]Like[IfExists] on
// iam:AWSServiceName, aws:RequestedRegion, aws:ResourceTag/<key> and Application
// Auto Scaling's service-namespace and scalable-dimension).
arm::Result<IamPolicy> ParseIamPolicy(const nlohmann::json& document);

IamDecision EvaluateIamPolicy(const IamPolicy& policy, std::string_view action,
                              std::string_view resource, const IamConditionKeys& keys);

// The AccessDenied message AWS gives for an identity-based policy decision
// (kAllow is not a denial). A resource "*" (actions without resource-level
// permissions) is not named, as AWS words it.
std::string IamDenialMessage(std::string_view caller_arn, std::string_view action,
                             std::string_view resource, IamDecision decision);

// The ARN partition of a region: "aws-cn" (cn-*), "aws-us-gov" (us-gov-*),
// else "aws".
std::string IamPartition(std::string_view region);

// "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE".
std::string IamArn(std::string_view service, std::string_view region, std::string_view account,
                   std::string_view resource);

// IAM wildcard match: '*' any run of characters, '?' one; case-sensitive.
bool IamGlobMatch(std::string_view pattern, std::string_view text);

}  // namespace sandbox
