#include "sandbox/dynamodb_handler.h"

#include <map>

#include "sandbox/estate_util.h"
#include "sandbox/json_args.h"
#include "sandbox/paging.h"
#include "sandbox/protocol_handler.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

constexpr char kJson[] = "1.0";
constexpr char kTarget[] = "DynamoDB_20120810";
constexpr PageSizeRule kListTablesPage{100, 1, 100,
                                       "Member must have value greater than or equal to 1",
                                       "Member must have value less than or equal to 100"};

struct Table {
  nlohmann::json spec;  // the estate entry
  std::string id;
  double created = 0;
  std::map<std::string, std::string> tags;
};

Response Validation(const std::string& message) {
  return JsonError(400, "ValidationException", message, kJson);
}

class DynamoDbHandler final : public AwsJsonHandler {
 public:
  explicit DynamoDbHandler(const Context& context)
      : AwsJsonHandler("dynamodb", kJson,
                       {"ThrottlingException", "Rate of requests exceeds the allowed throughput."}),
        context_(context) {}

  std::string IamAction(const Request& request) const override {
    std::string op = JsonTargetOperation(request, kTarget);
    return op == "ListTables" || op == "DescribeTable" ? "dynamodb:" + op : "";
  }

  // ListTables: "*"; DescribeTable: the table.
  std::vector<std::string> IamResources(const Request& request) const override {
    if (JsonTargetOperation(request, kTarget) != "DescribeTable") return {"*"};
    std::string name = JsonBodyString(request, "TableName");
    if (name.empty()) return {"*"};
    return {IamArn("dynamodb", request.region, context_.account_id, "table/" + name)};
  }

  Response Handle(const Request& request) override {
    std::string op = JsonTargetOperation(request, kTarget);
    if (op != "ListTables" && op != "DescribeTable") {
      const std::string* target = request.Header("X-Amz-Target");
      return JsonError(400, "UnknownOperationException",
                       target == nullptr ? "Missing X-Amz-Target" : "Unknown operation " + *target,
                       kJson);
    }
    arm::Result<nlohmann::json> body = ParseJsonBody(request);
    if (!body.ok()) return JsonError(body.status(), kJson);
    return op == "ListTables" ? ListTables(*body) : DescribeTable(*body);
  }

  void Load(const nlohmann::json& estate) override {
    region_ = EstateString(estate, "region", context_.region);
    account_ = EstateString(estate, "account_id", context_.account_id);
    tables_.clear();
    double now = EpochSeconds(*context_.clock);
    int n = 0;
    for (const auto& t : EstateList(estate, "dynamodb", "tables")) {
      std::string name = t.value("TableName", "");
      if (name.empty()) continue;
      Table table;
      table.spec = t;
      table.created = t.value("CreationDateTime", now - 86400.0 * 30);
      char id[40];
      std::snprintf(id, sizeof(id), "5a7d0c2e-0000-4000-8000-%012d", ++n);
      table.id = id;
      table.tags = TagsFromJson(t.value("Tags", nlohmann::json()));
      tables_[name] = std::move(table);
    }
  }

  nlohmann::json Dump() const override {
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& [name, t] : tables_) tables.push_back(Describe(name, t));
    return {{"tables", tables}};
  }

  void CollectTagged(std::vector<TaggedResource>& out) const override {
    for (const auto& [name, t] : tables_) {
      if (!t.tags.empty()) out.push_back({Arn(name), t.tags});
    }
  }

  void Generate(const std::map<std::string, int>& counts, nlohmann::json& estate) const override {
    auto it = counts.find("tables");
    if (it == counts.end() || it->second <= 0) return;
    std::string prefix = estate.value("generate_prefix", "bench-");
    nlohmann::json& list = estate["dynamodb"]["tables"];
    if (!list.is_array()) list = nlohmann::json::array();
    for (int i = 0; i < it->second; ++i) {
      char name[64];
      std::snprintf(name, sizeof(name), "%stable-%04d", prefix.c_str(), i);
      bool provisioned = i % 2 == 1;
      nlohmann::json t = {
          {"TableName", name},
          {"BillingMode", provisioned ? "PROVISIONED" : "PAY_PER_REQUEST"},
          {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
          {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
          {"ItemCount", i * 10},
          {"TableSizeBytes", i * 1000},
          {"Tags", {{{"Key", "Project"}, {"Value", prefix + "project"}}}}};
      if (provisioned) {
        t["ReadCapacityUnits"] = 5;
        t["WriteCapacityUnits"] = 5;
      }
      list.push_back(std::move(t));
    }
  }

 private:
  std::string Arn(const std::string& name) const {
    return "arn:aws:dynamodb:" + region_ + ":" + account_ + ":table/" + name;
  }

  nlohmann::json Describe(const std::string& name, const Table& t) const {
    const nlohmann::json& s = t.spec;
    std::string billing = s.value("BillingMode", "PROVISIONED");
    bool on_demand = billing == "PAY_PER_REQUEST";
    nlohmann::json billing_summary = {{"BillingMode", billing}};
    if (on_demand) billing_summary["LastUpdateToPayPerRequestDateTime"] = t.created;
    nlohmann::json out = {
        {"TableName", name},
        {"TableArn", Arn(name)},
        {"TableId", t.id},
        {"TableStatus", s.value("TableStatus", "ACTIVE")},
        {"CreationDateTime", t.created},
        {"KeySchema", s.value("KeySchema", nlohmann::json::array())},
        {"AttributeDefinitions", s.value("AttributeDefinitions", nlohmann::json::array())},
        {"ProvisionedThroughput",
         {{"NumberOfDecreasesToday", s.value("NumberOfDecreasesToday", 0)},
          {"ReadCapacityUnits", on_demand ? 0 : s.value("ReadCapacityUnits", 5)},
          {"WriteCapacityUnits", on_demand ? 0 : s.value("WriteCapacityUnits", 5)}}},
        {"TableSizeBytes", s.value("TableSizeBytes", 0)},
        {"ItemCount", s.value("ItemCount", 0)},
        {"BillingModeSummary", billing_summary},
        {"DeletionProtectionEnabled", s.value("DeletionProtectionEnabled", false)},
    };
    if (on_demand) {
      out["TableThroughputModeSummary"] = {{"TableThroughputMode", "PAY_PER_REQUEST"}};
    }
    return out;
  }

  Response ListTables(const nlohmann::json& body) {
    std::optional<int64_t> requested;
    if (body.contains("Limit")) {
      if (!body["Limit"].is_number_integer())
        return JsonError(400, "SerializationException",
                         "NUMBER_VALUE cannot be converted to Integer", kJson);
      requested = body["Limit"].get<int>();
    }
    arm::Result<size_t> limit = PageSize(requested, kListTablesPage);
    if (!limit.ok()) {
      return Validation(
          ConstraintMessage("Limit", std::to_string(*requested), limit.status().message()));
    }
    auto it = tables_.begin();
    if (body.contains("ExclusiveStartTableName")) {
      if (!body["ExclusiveStartTableName"].is_string()) {
        return JsonError(400, "SerializationException", "Unexpected value type in payload", kJson);
      }
      it = tables_.upper_bound(body["ExclusiveStartTableName"].get<std::string>());
    }
    nlohmann::json names = nlohmann::json::array();
    std::string last;
    for (; it != tables_.end() && names.size() < *limit; ++it) {
      names.push_back(it->first);
      last = it->first;
    }
    nlohmann::json out = {{"TableNames", names}};
    if (it != tables_.end()) out["LastEvaluatedTableName"] = last;
    return JsonOk(out, kJson);
  }

  Response DescribeTable(const nlohmann::json& body) {
    if (!body.contains("TableName")) {
      return Validation(
          "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
          "Member must not be "
          "null");
    }
    if (!body["TableName"].is_string()) {
      return JsonError(400, "SerializationException", "Unexpected value type in payload", kJson);
    }
    std::string name = body["TableName"].get<std::string>();
    std::string arn_prefix = "arn:aws:dynamodb:" + region_ + ":" + account_ + ":table/";
    std::string key = name.rfind(arn_prefix, 0) == 0 ? name.substr(arn_prefix.size()) : name;
    if (key.size() < 3 || key.size() > 255) {
      return Validation(
          "1 validation error detected: Value '" + name +
          "' at 'tableName' failed to satisfy constraint: Member must have length " +
          (key.size() < 3 ? "greater than or equal to 3" : "less than or equal to 255"));
    }
    auto it = tables_.find(key);
    if (it == tables_.end()) {
      return JsonError(400, "ResourceNotFoundException",
                       "Requested resource not found: Table: " + key + " not found", kJson);
    }
    return JsonOk({{"Table", Describe(it->first, it->second)}}, kJson);
  }

  Context context_;
  std::string region_, account_;
  std::map<std::string, Table> tables_;  // sorted: ListTables pages in name order
};

}  // namespace

std::unique_ptr<ServiceHandler> MakeDynamoDbHandler(const Context& context) {
  return std::make_unique<DynamoDbHandler>(context);
}

}  // namespace sandbox
