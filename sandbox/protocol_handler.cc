#include "sandbox/protocol_handler.h"

#include "sandbox/wire.h"

namespace sandbox {

Response AwsJsonHandler::AccessDenied(const Request&, const std::string& message) const {
  return JsonError(400, "AccessDeniedException", message, json_version_);
}

Response AwsJsonHandler::Throttled(const Request&) const {
  return JsonError(400, throttle_code_, throttle_message_, json_version_);
}

Response QueryHandler::AccessDenied(const Request&, const std::string& message) const {
  return QueryError(403, access_denied_code_, message, xmlns_);
}

Response QueryHandler::Throttled(const Request&) const {
  return QueryError(400, "Throttling", "Rate exceeded", xmlns_);
}

}  // namespace sandbox
