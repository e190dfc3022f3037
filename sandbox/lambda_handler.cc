#include "sandbox/lambda_handler.h"

#include <array>
#include <charconv>

#include "sandbox/paging.h"
#include "sandbox/wire.h"

namespace sandbox {

namespace {

enum class Op {
  kUnknown,
  kListFunctions,
  kGetFunction,
  kGetFunctionConcurrency,
  kPutFunctionConcurrency,
  kDeleteFunctionConcurrency,
  kGetAccountSettings,
  kListTags,
  kDeleteFunction,
};

constexpr std::array<const char*, 9> kIamActions = {
    "",
    "lambda:ListFunctions",
    "lambda:GetFunction",
    "lambda:GetFunctionConcurrency",
    "lambda:PutFunctionConcurrency",
    "lambda:DeleteFunctionConcurrency",
    "lambda:GetAccountSettings",
    "lambda:ListTags",
    "lambda:DeleteFunction",
};

struct Route {
  Op op = Op::kUnknown;
  std::string name;  // {FunctionName} or {Resource}, percent-decoded
};

// Lambda's URIs, by API version prefix; a trailing '/' is optional (older
// SDKs send "/2015-03-31/functions/").
Route ParseRoute(const Request& request) {
  std::vector<std::string> s;
  size_t pos = 0;
  const std::string& path = request.path;
  while (pos < path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string::npos) next = path.size();
    if (next > pos) s.push_back(arm::UriDecode(std::string_view(path).substr(pos, next - pos)));
    pos = next + 1;
  }
  const std::string& m = request.method;
  Route r;
  if (s.size() == 2 && s[0] == "2015-03-31" && s[1] == "functions" && m == "GET") {
    r.op = Op::kListFunctions;
  } else if (s.size() == 3 && s[0] == "2015-03-31" && s[1] == "functions" &&
             (m == "GET" || m == "DELETE")) {
    r.op = m == "GET" ? Op::kGetFunction : Op::kDeleteFunction;
  } else if (s.size() == 4 && s[0] == "2019-09-30" && s[1] == "functions" &&
             s[3] == "concurrency" && m == "GET") {
    r.op = Op::kGetFunctionConcurrency;
  } else if (s.size() == 4 && s[0] == "2017-10-31" && s[1] == "functions" &&
             s[3] == "concurrency") {
    if (m == "PUT") r.op = Op::kPutFunctionConcurrency;
    if (m == "DELETE") r.op = Op::kDeleteFunctionConcurrency;
  } else if (s.size() == 2 && s[0] == "2016-08-19" && s[1] == "account-settings" && m == "GET") {
    r.op = Op::kGetAccountSettings;
  } else if (s.size() == 3 && s[0] == "2017-03-31" && s[1] == "tags" && m == "GET") {
    r.op = Op::kListTags;
  }
  if (r.op != Op::kUnknown && r.op != Op::kListFunctions && r.op != Op::kGetAccountSettings)
    r.name = s[2];
  return r;
}

// Lambda's validation wording ("1 validation error detected: ...").
Response ValidationError(const std::string& value, const std::string& member,
                         const std::string& constraint) {
  return RestJsonError(400, "ValidationException",
                       "1 validation error detected: Value " + value + " at '" + member +
                           "' failed to satisfy constraint: " + constraint);
}

std::optional<int> ParseInt(const std::string& s) {
  int out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return out;
}

// Member by member: ListFunctions builds one per function (50 a page), and
// an initializer list makes and copies a temporary pair per member.
nlohmann::json Configuration(const LambdaFunction& fn, const std::string& arn, bool with_state) {
  nlohmann::json c = nlohmann::json::object();
  c["FunctionName"] = fn.name;
  c["FunctionArn"] = arn;
  c["Runtime"] = fn.runtime;
  c["Role"] = fn.role;
  c["Handler"] = fn.handler;
  c["CodeSize"] = fn.code_size;
  c["Description"] = fn.description;
  c["Timeout"] = fn.timeout;
  c["MemorySize"] = fn.memory_size;
  c["LastModified"] = fn.last_modified;
  c["CodeSha256"] = fn.code_sha256;
  c["Version"] = "$LATEST";
  c["TracingConfig"]["Mode"] = "PassThrough";
  c["RevisionId"] = fn.revision_id;
  c["PackageType"] = "Zip";
  c["Architectures"] = nlohmann::json::array();
  c["Architectures"].push_back("x86_64");
  c["EphemeralStorage"]["Size"] = 512;
  nlohmann::json& snap_start = c["SnapStart"];
  snap_start["ApplyOn"] = "None";
  snap_start["OptimizationStatus"] = "Off";
  nlohmann::json& logging = c["LoggingConfig"];
  logging["LogFormat"] = "Text";
  logging["LogGroup"] = "/aws/lambda/" + fn.name;
  if (with_state) {
    c["State"] = "Active";
    c["LastUpdateStatus"] = "Successful";
  }
  return c;
}

}  // namespace

std::string LambdaHandler::Arn(const std::string& name) const {
  return LambdaFunctionArn(context_.region, context_.account_id, name);
}

std::string LambdaHandler::IamAction(const Request& request) const {
  return kIamActions[static_cast<size_t>(ParseRoute(request).op)];
}

std::vector<std::string> LambdaHandler::IamResources(const Request& request) const {
  Route route = ParseRoute(request);
  if (route.name.empty()) return {"*"};
  // FunctionName is a name, "name:qualifier", "ACCOUNT:function:name" or an
  // ARN; ListTags names the function by ARN.
  if (route.name.rfind("arn:", 0) == 0) return {route.name};
  if (route.name.find(":function:") != std::string::npos) {
    return {"arn:" + IamPartition(request.region) + ":lambda:" + request.region + ":" + route.name};
  }
  std::string name = route.name;
  if (name.find(':') == std::string::npos) {
    FormParams query = ParseForm(request.query);
    if (const std::string* qualifier = FormValue(query, "Qualifier")) name += ":" + *qualifier;
  }
  return {IamArn("lambda", request.region, context_.account_id, "function:" + name)};
}

Response LambdaHandler::AccessDenied(const Request&, const std::string& message) const {
  Response r = RestJsonError(403, "AccessDeniedException", message);
  r.body = nlohmann::json{{"Type", "User"}, {"Message", message}}.dump();
  return r;
}

Response LambdaHandler::Throttled(const Request&) const {
  Response r = RestJsonError(429, "TooManyRequestsException", "Rate Exceeded.");
  r.body =
      nlohmann::json{
          {"Type", "User"}, {"message", "Rate Exceeded."}, {"Reason", "CallerRateLimitExceeded"}}
          .dump();
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

// ResourceNotFoundException's model member is "Message" (capitalised), unlike
// InvalidParameterValueException's "message"; Lambda answers accordingly.
Response LambdaHandler::NotFound(const std::string& name_or_arn) const {
  std::string message = "Function not found: " + Arn(LambdaStore::BaseName(name_or_arn));
  Response r = RestJsonError(404, "ResourceNotFoundException", message);
  r.body = nlohmann::json{{"Type", "User"}, {"Message", message}}.dump();
  return r;
}

Response LambdaHandler::Handle(const Request& request) {
  Route route = ParseRoute(request);
  std::lock_guard<std::mutex> lock(mu_);
  switch (route.op) {
    case Op::kListFunctions:
      return ListFunctions(request);
    case Op::kGetFunction:
      return GetFunction(route.name);
    case Op::kGetFunctionConcurrency:
      return GetFunctionConcurrency(route.name);
    case Op::kPutFunctionConcurrency:
      return PutFunctionConcurrency(route.name, request);
    case Op::kDeleteFunctionConcurrency:
      return DeleteFunctionConcurrency(route.name);
    case Op::kGetAccountSettings:
      return GetAccountSettings();
    case Op::kListTags:
      return ListTags(route.name);
    case Op::kDeleteFunction: {
      // Someone else deleting a function (drift tests); the product never does.
      const LambdaFunction* fn = store_.Find(route.name, context_.region, context_.account_id);
      if (fn == nullptr) return NotFound(route.name);
      store_.Erase(fn->name);
      Response r;
      r.status = 204;
      return r;
    }
    case Op::kUnknown:
      break;
  }
  return RestJsonError(404, "UnknownOperationException",
                       "Unknown operation: " + request.method + " " + request.path);
}

Response LambdaHandler::ListFunctions(const Request& request) {
  FormParams query = ParseForm(request.query);
  static constexpr PageSizeRule kMaxItems{50, 1, 10000,
                                          "Member must have value greater than or equal to 1",
                                          "Member must have value less than or equal to 10000"};
  std::optional<int64_t> requested;
  const std::string* v = FormValue(query, "MaxItems");
  if (v != nullptr) {
    std::optional<int> n = ParseInt(*v);
    if (!n) {
      return RestJsonError(400, "InvalidParameterValueException",
                           "Invalid value for MaxItems: " + *v);
    }
    requested = *n;
  }
  arm::Result<size_t> max_items = PageSize(requested, kMaxItems);
  if (!max_items.ok())
    return ValidationError("'" + *v + "'", "maxItems", max_items.status().message());
  const auto& functions = store_.functions();
  auto it = functions.begin();
  // The marker is the name of the first function of the next page, so a page
  // stays valid when that function is deleted in between.
  if (const std::string* marker = FormValue(query, "Marker");
      marker != nullptr && !marker->empty()) {
    it = functions.lower_bound(*marker);
  }
  nlohmann::json list = nlohmann::json::array();
  for (; it != functions.end() && list.size() < *max_items; ++it) {
    list.push_back(Configuration(it->second, Arn(it->first), /*with_state=*/false));
  }
  nlohmann::json body = {{"Functions", std::move(list)}};
  if (it != functions.end()) body["NextMarker"] = it->first;
  return RestJsonOk(200, body);
}

Response LambdaHandler::GetFunction(const std::string& name) {
  const LambdaFunction* fn = store_.Find(name, context_.region, context_.account_id);
  if (fn == nullptr) return NotFound(name);
  std::string arn = Arn(fn->name);
  nlohmann::json body = {
      {"Configuration", Configuration(*fn, arn, /*with_state=*/true)},
      {"Code",
       {{"RepositoryType", "S3"},
        {"Location", "https://awslambda-" + context_.region + "-tasks.s3." + context_.region +
                         ".amazonaws.com/snapshots/" + context_.account_id + "/" + fn->name + "-" +
                         fn->revision_id}}},
  };
  if (!fn->tags.empty()) body["Tags"] = fn->tags;
  if (fn->reserved_concurrency)
    body["Concurrency"] = {{"ReservedConcurrentExecutions", *fn->reserved_concurrency}};
  return RestJsonOk(200, body);
}

Response LambdaHandler::GetFunctionConcurrency(const std::string& name) {
  const LambdaFunction* fn = store_.Find(name, context_.region, context_.account_id);
  if (fn == nullptr) return NotFound(name);
  nlohmann::json body = nlohmann::json::object();
  if (fn->reserved_concurrency) body["ReservedConcurrentExecutions"] = *fn->reserved_concurrency;
  return RestJsonOk(200, body);
}

Response LambdaHandler::PutFunctionConcurrency(const std::string& name, const Request& request) {
  nlohmann::json input = nlohmann::json::parse(request.body.empty() ? "{}" : request.body, nullptr,
                                               /*allow_exceptions=*/false);
  if (input.is_discarded() || !input.is_object()) {
    return RestJsonError(400, "InvalidRequestContentException",
                         "Could not parse request body into json");
  }
  auto value = input.find("ReservedConcurrentExecutions");
  if (value == input.end() || value->is_null()) {
    return ValidationError("null", "reservedConcurrentExecutions", "Member must not be null");
  }
  if (!value->is_number_integer()) {
    return RestJsonError(
        400, "InvalidRequestContentException",
        "Could not parse request body into json: Could not parse payload into json");
  }
  long long n = value->get<long long>();
  if (n < 0) {
    return ValidationError("'" + std::to_string(n) + "'", "reservedConcurrentExecutions",
                           "Member must have value greater than or equal to 0");
  }
  LambdaFunction* fn = store_.Find(name, context_.region, context_.account_id);
  if (fn == nullptr) return NotFound(name);
  if (n > store_.account_limit() || !store_.CanReserve(*fn, static_cast<int>(n))) {
    return RestJsonError(400, "InvalidParameterValueException",
                         "Specified ReservedConcurrentExecutions for function decreases account's "
                         "UnreservedConcurrentExecution below its minimum value of [" +
                             std::to_string(store_.unreserved_minimum()) + "].");
  }
  store_.SetReservation(*fn, static_cast<int>(n));
  return RestJsonOk(200, {{"ReservedConcurrentExecutions", n}});
}

Response LambdaHandler::DeleteFunctionConcurrency(const std::string& name) {
  LambdaFunction* fn = store_.Find(name, context_.region, context_.account_id);
  if (fn == nullptr) return NotFound(name);
  store_.SetReservation(*fn, std::nullopt);
  return RestJsonOk(204, nullptr);
}

Response LambdaHandler::GetAccountSettings() {
  nlohmann::json body = {
      {"AccountLimit",
       {{"TotalCodeSize", 80530636800LL},
        {"CodeSizeUnzipped", 262144000},
        {"CodeSizeZipped", 52428800},
        {"ConcurrentExecutions", store_.account_limit()},
        {"UnreservedConcurrentExecutions", store_.Unreserved()}}},
      {"AccountUsage",
       {{"TotalCodeSize", store_.TotalCodeSize()},
        {"FunctionCount", static_cast<long long>(store_.functions().size())}}},
  };
  return RestJsonOk(200, body);
}

Response LambdaHandler::ListTags(const std::string& arn) {
  const LambdaFunction* fn = store_.Find(arn, context_.region, context_.account_id);
  if (fn == nullptr) return NotFound(arn);
  return RestJsonOk(200, {{"Tags", fn->tags}});
}

void LambdaHandler::Load(const nlohmann::json& estate) {
  std::string now = context_.clock != nullptr ? IsoTime(*context_.clock)
                                              : arm::FormatIso8601(arm::RealClock().Now());
  auto it = estate.find("lambda");
  std::lock_guard<std::mutex> lock(mu_);
  store_.Load(it != estate.end() ? *it : nlohmann::json(), now);
}

nlohmann::json LambdaHandler::Dump() const {
  std::lock_guard<std::mutex> lock(mu_);
  return store_.Dump();
}

void LambdaHandler::Generate(const std::map<std::string, int>& counts,
                             nlohmann::json& estate) const {
  auto it = counts.find("functions");
  if (it != counts.end() && it->second > 0) LambdaStore::Generate(it->second, estate);
}

void LambdaHandler::CollectTagged(std::vector<TaggedResource>& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  // As GetResources on AWS, untagged functions are not listed.
  for (const auto& [name, fn] : store_.functions()) {
    if (!fn.tags.empty()) out.push_back({Arn(name), fn.tags});
  }
}

std::unique_ptr<ServiceHandler> MakeLambdaHandler(const Context& context) {
  return std::make_unique<LambdaHandler>(context);
}

}  // namespace sandbox
