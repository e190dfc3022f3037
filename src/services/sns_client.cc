#include "services/sns_client.h"

#include "aws/protocols/query_xml.h"
#include "services/wire_util.h"

namespace arm {

Result<std::string> SnsClient::Publish(const std::string& topic_arn, const std::string& subject,
                                       const std::string& message) {
  query_xml::Params params = {{"TopicArn", topic_arn}};
  if (!subject.empty()) params.emplace_back("Subject", subject);
  params.emplace_back("Message", message);
  Result<query_xml::QueryResponse> r =
      query_xml::Call(client_, services::kSns, "Publish", "2010-03-31", params);
  if (!r.ok()) return wire::NotFoundIf(r.status(), {"NotFound"});
  return std::string(r->result.child_value("MessageId"));
}

}  // namespace arm
