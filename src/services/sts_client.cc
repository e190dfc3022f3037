#include "services/sts_client.h"

#include "aws/protocols/query_xml.h"

namespace arm {

Result<CallerIdentity> StsClient::GetCallerIdentity() {
  Result<query_xml::QueryResponse> r =
      query_xml::Call(client_, services::kSts, "GetCallerIdentity", "2011-06-15", {});
  if (!r.ok()) return r.status();
  CallerIdentity id;
  id.account = r->result.child_value("Account");
  id.arn = r->result.child_value("Arn");
  id.user_id = r->result.child_value("UserId");
  return id;
}

}  // namespace arm
