#include "services/lambda_client.h"

#include <nlohmann/json.hpp>

#include "aws/protocols/rest_json.h"
#include "http/http.h"
#include "services/wire_util.h"

namespace arm {
namespace {

using nlohmann::json;
using wire::Str;

// `operation` names the call in audit records (REST calls carry no name).
Result<json> Call(AwsClient& client, std::string_view operation, rest_json::RestRequest request,
                  CallStats* stats = nullptr) {
  CallStats local_stats;
  CallStats& st = stats != nullptr ? *stats : local_stats;
  st.operation = std::string(operation);
  Result<json> r = rest_json::Call(client, services::kLambda, request, &st);
  if (!r.ok()) {
    return wire::NotFoundIf(r.status(), {"ResourceNotFoundException"});
  }
  return r;
}

std::string FunctionPath(const std::string& name) {
  return "/2015-03-31/functions/" + UriEncode(name);
}

std::string ConcurrencyPath(std::string_view version, const std::string& name) {
  return "/" + std::string(version) + "/functions/" + UriEncode(name) + "/concurrency";
}

std::optional<int> ReservedConcurrency(const json& object) {
  const json& v = wire::Member(object, "ReservedConcurrentExecutions");
  if (v.is_null()) return std::nullopt;
  return v.get<int>();
}

FunctionInfo ParseConfiguration(const json& c) {
  FunctionInfo f;
  f.name = Str(c, "FunctionName");
  f.arn = Str(c, "FunctionArn");
  f.runtime = Str(c, "Runtime");
  f.memory_size = static_cast<int>(wire::Int(c, "MemorySize"));
  return f;
}

}  // namespace

Result<std::vector<FunctionInfo>> LambdaClient::ListFunctions() {
  std::vector<FunctionInfo> out;
  ARM_RETURN_IF_ERROR(ListFunctions([&](const std::vector<FunctionInfo>& page) {
    out.insert(out.end(), page.begin(), page.end());
  }));
  return out;
}

Status LambdaClient::ListFunctions(
    const std::function<void(const std::vector<FunctionInfo>&)>& on_page) {
  std::string marker;
  do {
    std::vector<FunctionInfo> out;
    rest_json::RestRequest request{"GET", "/2015-03-31/functions/", {}, {}};
    request.query["MaxItems"] = "50";
    if (!marker.empty()) request.query["Marker"] = marker;
    Result<json> page = Call(client_, "ListFunctions", request);
    if (!page.ok()) return page.status();
    ARM_RETURN_IF_ERROR(wire::DecodeInto("ListFunctions", [&] {
      for (const json& c : wire::Array(*page, "Functions")) {
        out.push_back(ParseConfiguration(c));
      }
      marker = Str(*page, "NextMarker");
    }));
    on_page(out);
  } while (!marker.empty());
  return Status::Ok();
}

Result<FunctionInfo> LambdaClient::GetFunction(const std::string& name) {
  Result<json> r = Call(client_, "GetFunction", {"GET", FunctionPath(name), {}, {}});
  if (!r.ok()) return r.status();
  return wire::Decode("GetFunction", [&] {
    FunctionInfo f = ParseConfiguration(wire::Member(*r, "Configuration"));
    f.reserved_concurrency = ReservedConcurrency(wire::Member(*r, "Concurrency"));
    const json& tags = wire::Member(*r, "Tags");
    if (!tags.is_null()) f.tags = tags.get<std::map<std::string, std::string>>();
    return f;
  });
}

Result<std::optional<int>> LambdaClient::GetFunctionConcurrency(const std::string& name) {
  Result<json> r =
      Call(client_, "GetFunctionConcurrency", {"GET", ConcurrencyPath("2019-09-30", name), {}, {}});
  if (!r.ok()) return r.status();
  return wire::Decode("GetFunctionConcurrency", [&] { return ReservedConcurrency(*r); });
}

Status LambdaClient::PutFunctionConcurrency(const std::string& name, int value, CallStats* stats) {
  rest_json::RestRequest request{"PUT",
                                 ConcurrencyPath("2017-10-31", name),
                                 {},
                                 json{{"ReservedConcurrentExecutions", value}}};
  return Call(client_, "PutFunctionConcurrency", request, stats).status();
}

Status LambdaClient::DeleteFunctionConcurrency(const std::string& name, CallStats* stats) {
  return Call(client_, "DeleteFunctionConcurrency",
              {"DELETE", ConcurrencyPath("2017-10-31", name), {}, {}}, stats)
      .status();
}

Result<AccountSettings> LambdaClient::GetAccountSettings() {
  Result<json> r =
      Call(client_, "GetAccountSettings", {"GET", "/2016-08-19/account-settings/", {}, {}});
  if (!r.ok()) return r.status();
  return wire::Decode("GetAccountSettings", [&] {
    const json& limit = wire::Member(*r, "AccountLimit");
    AccountSettings s;
    s.concurrent_executions = static_cast<int>(wire::Int(limit, "ConcurrentExecutions"));
    s.unreserved_concurrent_executions =
        static_cast<int>(wire::Int(limit, "UnreservedConcurrentExecutions"));
    return s;
  });
}

Result<std::map<std::string, std::string>> LambdaClient::ListTags(const std::string& arn) {
  Result<json> r = Call(client_, "ListTags", {"GET", "/2017-03-31/tags/" + UriEncode(arn), {}, {}});
  if (!r.ok()) return r.status();
  return wire::Decode("ListTags", [&] {
    const json& tags = wire::Member(*r, "Tags");
    return tags.is_null() ? std::map<std::string, std::string>()
                          : tags.get<std::map<std::string, std::string>>();
  });
}

}  // namespace arm
