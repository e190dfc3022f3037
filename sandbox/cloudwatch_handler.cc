#include "sandbox/cloudwatch_handler.h"

#include <array>

#include "sandbox/cloudwatch_wire.h"

namespace sandbox {

namespace {

constexpr std::string_view kApiVersion = "2010-08-01";
constexpr std::array<std::string_view, 4> kOperations = {"DescribeAlarms", "DisableAlarmActions",
                                                         "EnableAlarmActions", "DeleteAlarms"};

bool KnownOperation(const std::string& op) {
  for (auto known : kOperations) {
    if (op == known) return true;
  }
  return false;
}

bool IsJson(const Request& request) { return request.Header("X-Amz-Target") != nullptr; }

// Query requests come as a form-encoded POST body, or (rarely) a GET query.
FormParams QueryParams(const Request& request) {
  return ParseForm(request.body.empty() ? std::string_view(request.query)
                                        : std::string_view(request.body));
}

std::string OperationName(const Request& request) {
  if (IsJson(request)) return JsonTargetOperation(request, kCloudWatchTargetPrefix);
  FormParams form = QueryParams(request);
  const std::string* action = FormValue(form, "Action");
  return action != nullptr ? *action : "";
}

// awsJson errors carry the query code in x-amzn-query-error ("Code;Sender"),
// which botocore prefers over __type because the model is awsQueryCompatible.
Response ErrorResponse(const Request& request, const CloudWatchError& e) {
  bool sender = e.status < 500;
  if (IsJson(request)) {
    Response r = JsonError(e.status, e.json_type, e.message, "1.0");
    r.headers.emplace_back("x-amzn-query-error", e.code + (sender ? ";Sender" : ";Receiver"));
    return r;
  }
  return QueryError(e.status, e.code, e.message, kCloudWatchXmlns, sender);
}

}  // namespace

TimePoint CloudWatchHandler::Now() const {
  return context_.clock != nullptr ? context_.clock->Now() : std::chrono::system_clock::now();
}

std::string CloudWatchHandler::IamAction(const Request& request) const {
  std::string op = OperationName(request);
  return KnownOperation(op) ? "cloudwatch:" + op : "";
}

std::vector<std::string> CloudWatchHandler::IamResources(const Request& request) const {
  std::string op = OperationName(request);
  if (!KnownOperation(op) || op == "DescribeAlarms") return {"*"};
  std::vector<std::string> names;
  if (IsJson(request)) {
    nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_object()) (void)AlarmNamesFromJson(body, &names);
  } else {
    (void)AlarmNamesFromForm(QueryParams(request), &names);
  }
  if (names.empty()) return {"*"};
  std::vector<std::string> out;
  for (const std::string& name : names) {
    out.push_back(IamArn("cloudwatch", request.region, context_.account_id, "alarm:" + name));
  }
  return out;
}

Response CloudWatchHandler::AccessDenied(const Request& request, const std::string& message) const {
  return ErrorResponse(request, {403, "AccessDenied", "AccessDeniedException", message});
}

Response CloudWatchHandler::Throttled(const Request& request) const {
  return ErrorResponse(request, {400, "Throttling", "ThrottlingException", "Rate exceeded"});
}

Response CloudWatchHandler::Handle(const Request& request) {
  bool json = IsJson(request);
  std::string op;
  FormParams form;
  nlohmann::json body;
  if (json) {
    op = JsonTargetOperation(request, kCloudWatchTargetPrefix);
    if (!KnownOperation(op)) {
      return JsonError(400, "UnknownOperationException",
                       "Unknown operation " + *request.Header("X-Amz-Target"), "1.0");
    }
    arm::Result<nlohmann::json> parsed = ParseJsonBody(request);
    if (!parsed.ok()) return JsonError(parsed.status(), "1.0");
    body = std::move(*parsed);
  } else {
    form = QueryParams(request);
    const std::string* action = FormValue(form, "Action");
    const std::string* version = FormValue(form, "Version");
    op = action != nullptr ? *action : "";
    std::string v = version != nullptr ? *version : std::string(kApiVersion);
    if (!KnownOperation(op) || v != kApiVersion) {
      return QueryError(400, "InvalidAction",
                        "Could not find operation " + op + " for version " + v, kCloudWatchXmlns);
    }
  }

  std::lock_guard<std::mutex> lock(mu_);
  if (op == "DescribeAlarms") {
    DescribeAlarmsInput input;
    auto error = json ? DescribeAlarmsFromJson(body, &input) : DescribeAlarmsFromForm(form, &input);
    DescribeAlarmsOutput output;
    if (!error) error = store_.Describe(input, &output);
    if (error) return ErrorResponse(request, *error);
    nlohmann::ordered_json result =
        DescribeAlarmsResult(output, context_.region, context_.account_id);
    if (!json)
      return QueryOk(op, kCloudWatchXmlns, [&](pugi::xml_node node) { ToQueryXml(result, node); });
    Response r = JsonOk(nullptr, "1.0");
    r.body = result.dump();
    return r;
  }
  // DisableAlarmActions / EnableAlarmActions / DeleteAlarms.
  std::vector<std::string> names;
  auto error = json ? AlarmNamesFromJson(body, &names) : AlarmNamesFromForm(form, &names);
  if (!error && op == "DeleteAlarms")
    error = store_.Delete(names);
  else if (!error)
    error = store_.SetActionsEnabled(names, op == "EnableAlarmActions", Now());
  if (error) return ErrorResponse(request, *error);
  return json ? JsonOk(nullptr, "1.0") : QueryOkWithoutResult(op, kCloudWatchXmlns);
}

void CloudWatchHandler::Load(const nlohmann::json& estate) {
  auto it = estate.find("cloudwatch");
  std::lock_guard<std::mutex> lock(mu_);
  store_.Load(it != estate.end() ? *it : nlohmann::json(), Now());
}

nlohmann::json CloudWatchHandler::Dump() const {
  std::lock_guard<std::mutex> lock(mu_);
  return store_.Dump();
}

void CloudWatchHandler::Generate(const std::map<std::string, int>& counts,
                                 nlohmann::json& estate) const {
  auto it = counts.find("alarms");
  if (it != counts.end() && it->second > 0) AlarmStore::Generate(it->second, estate);
}

void CloudWatchHandler::CollectTagged(std::vector<TaggedResource>& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const Alarm* a : store_.All()) {
    if (!a->tags.empty())
      out.push_back({AlarmArn(context_.region, context_.account_id, a->name), a->tags});
  }
}

std::unique_ptr<ServiceHandler> MakeCloudWatchHandler(const Context& context) {
  return std::make_unique<CloudWatchHandler>(context);
}

}  // namespace sandbox
