#include "sandbox/admin_api.h"

#include <strings.h>

#include <optional>
#include <string>

namespace sandbox {
namespace {

Response JsonAnswer(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump();
  return r;
}

Response Refusal(int status, const std::string& message) {
  return JsonAnswer(status, {{"message", message}});
}

// The /_sandbox/ paths answer only a client that addressed this server by
// its loopback name and port, and take POSTs only as JSON: a web page in a
// browser on the same host can reach 127.0.0.1 too, by DNS rebinding
// (another Host) or by a plain form or "simple" fetch (no JSON content type
// without a preflight, which this server never grants).
std::optional<Response> Refused(const Request& req, int port) {
  const std::string* host = req.Header("Host");
  const std::string p = std::to_string(port);
  if (host == nullptr ||
      (*host != "127.0.0.1:" + p && ::strcasecmp(host->c_str(), ("localhost:" + p).c_str()) != 0)) {
    return Refusal(403, "sandbox paths answer only Host 127.0.0.1:" + p + " or localhost:" + p +
                            ", not " +
                            (host == nullptr ? std::string("none") : "\"" + *host + "\""));
  }
  if (req.method == "POST") {
    const std::string* type = req.Header("Content-Type");
    std::string media = type == nullptr ? "" : type->substr(0, type->find(';'));
    while (!media.empty() && media.back() == ' ') media.pop_back();
    if (::strcasecmp(media.c_str(), "application/json") != 0)
      return Refusal(415, "POST " + req.path + " needs Content-Type: application/json");
  }
  return std::nullopt;
}

// GET: the policy document in force (null: none). POST (JSON): replaces
// it; a JSON null clears it.
Response IamPolicyAdmin(const Request& req, AdminTarget& target) {
  if (req.method == "GET") return JsonAnswer(200, target.IamPolicyDocument());
  if (req.method != "POST") return JsonAnswer(405, {{"message", "use GET or POST"}});
  const std::string* type = req.Header("Content-Type");
  if (type == nullptr || type->rfind("application/json", 0) != 0) {
    return JsonAnswer(
        415, {{"message", "POST /_sandbox/iam-policy needs Content-Type: application/json"}});
  }
  nlohmann::json document = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded())
    return JsonAnswer(400, {{"message", "IAM policy: the body is not JSON"}});
  std::shared_ptr<const IamPolicy> fresh;
  if (!document.is_null()) {
    arm::Result<IamPolicy> parsed = ParseIamPolicy(document);
    if (!parsed.ok()) return JsonAnswer(400, {{"message", parsed.status().message()}});
    fresh = std::make_shared<const IamPolicy>(std::move(*parsed));
  }
  target.SetIamPolicy(std::move(fresh));
  return JsonAnswer(200, {{"iam_policy", document.is_null() ? "none" : "set"}});
}

// GET: the services' clock. POST {"advance_seconds": N}, N >= 0: moves it
// forward.
Response ClockAdmin(const Request& req, AdminTarget& target) {
  if (req.method == "GET") return JsonAnswer(200, target.AdvanceClock(0));
  if (req.method != "POST") return JsonAnswer(405, {{"message", "use GET or POST"}});
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.value("advance_seconds", nlohmann::json()).is_number() ||
      body["advance_seconds"].get<double>() < 0)
    return Refusal(400, "POST /_sandbox/clock takes {\"advance_seconds\": N} with N >= 0");
  return JsonAnswer(200, target.AdvanceClock(body["advance_seconds"].get<double>()));
}

}  // namespace

Response ServeAdmin(const Request& req, int port, AdminTarget& target) {
  if (std::optional<Response> refused = Refused(req, port)) return *refused;
  Response r;
  if (req.path == "/_sandbox/state" && req.method == "GET") {
    r.body = target.State().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else if (req.path == "/_sandbox/reset" && req.method == "POST") {
    target.Reset();
    r.body = R"({"reset":true})";
  } else if (req.path == "/_sandbox/iam-policy") {
    return IamPolicyAdmin(req, target);
  } else if (req.path == "/_sandbox/clock") {
    return ClockAdmin(req, target);
  } else if (req.path == "/_sandbox/health") {
    r.body = R"({"ok":true})";
  } else {
    return Refusal(404, "no sandbox path " + req.method + " " + req.path);
  }
  return r;
}

}  // namespace sandbox
