#pragma once
// The least-privilege IAM policy, generated from what each action declares
// (Cloud Custodian style). docs/iam-policy.json is this output; a test keeps
// the two identical.
#include <nlohmann/json.hpp>
#include <vector>

#include "resources/resource.h"

namespace arm {

// Permissions the tool needs outside the resource types (identity, tag
// discovery).
std::vector<Permission> CommonPermissions();

// Permissions needed only when configured: sns:Publish for SNS_TOPIC_ARN
// ("notify"), s3:PutObject/GetObject for STATE_BACKUP_S3_BUCKET
// ("state-backup"). Their statements may be dropped, or narrowed to the topic
// and bucket ARNs.
std::vector<Permission> OptionalPermissions();

// {"Version": "2012-10-17", "Statement": [...]}: one statement per use
// ("discover", "stop", "start", ...), actions sorted and unique.
nlohmann::json BuildIamPolicy(const std::vector<const ResourceType*>& types);

}  // namespace arm
