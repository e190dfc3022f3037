#pragma once
// CloudWatch's two wire forms of the same operations: the query protocol
// (form-encoded request, XML answer; awscli 2.9 and older SDKs) and awsJson 1.0
// (X-Amz-Target "GraniteServiceVersion20100801.<Op>"; botocore >= 1.3x, which
// reads the x-amzn-query-error header because the model is awsQueryCompatible).
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "sandbox/cloudwatch_alarms.h"
#include "sandbox/wire.h"

namespace sandbox {

inline constexpr std::string_view kCloudWatchXmlns =
    "http://monitoring.amazonaws.com/doc/2010-08-01/";
inline constexpr std::string_view kCloudWatchTargetPrefix = "GraniteServiceVersion20100801";

// Request readers: nullopt on success, else the error to answer.
std::optional<CloudWatchError> DescribeAlarmsFromForm(const FormParams& form,
                                                      DescribeAlarmsInput* input);
std::optional<CloudWatchError> DescribeAlarmsFromJson(const nlohmann::json& body,
                                                      DescribeAlarmsInput* input);
// AlarmNames of Enable/DisableAlarmActions (required).
std::optional<CloudWatchError> AlarmNamesFromForm(const FormParams& form,
                                                  std::vector<std::string>* names);
std::optional<CloudWatchError> AlarmNamesFromJson(const nlohmann::json& body,
                                                  std::vector<std::string>* names);

// DescribeAlarmsOutput as one ordered document, timestamps as epoch seconds
// (the awsJson form); ToQueryXml renders the same document as query XML.
nlohmann::ordered_json DescribeAlarmsResult(const DescribeAlarmsOutput& output,
                                            const std::string& region, const std::string& account);
// Objects become elements, arrays <member> lists, and the members named
// *Timestamp ISO-8601 text.
void ToQueryXml(const nlohmann::ordered_json& value, pugi::xml_node parent);

// <ActionResponse><ResponseMetadata>..</ResponseMetadata></ActionResponse>,
// the answer of operations without output (no <ActionResult>).
Response QueryOkWithoutResult(std::string_view action, std::string_view xmlns);

}  // namespace sandbox
