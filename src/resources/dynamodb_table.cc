// DynamoDB tables: never changed. Discovery reports the billing mode and
// capacity so status can show their cost and recommend on-demand billing for
// provisioned tables that sit idle.
#include "resources/types.h"
#include "services/dynamodb_client.h"

namespace arm {
namespace {

constexpr char kType[] = "dynamodb-table";

class DynamoDbTableType final : public ResourceType {
 public:
  explicit DynamoDbTableType(DynamoDbClient& ddb) : ddb_(ddb) {}
  std::string_view type() const override { return kType; }
  std::string_view selector() const override { return "dynamodb"; }
  std::string_view selection_key() const override { return "DYNAMODB_TABLES"; }
  int stop_stage() const override { return 4; }
  std::vector<Permission> Permissions() const override {
    return {{"dynamodb:ListTables", "discover"}, {"dynamodb:DescribeTable", "discover"}};
  }

  Result<std::vector<Snapshot>> Discover(const TypeSelection& selection) override {
    Result<std::vector<std::string>> names = std::vector<std::string>();
    if (!selection.skip_listing) names = ddb_.ListTables();
    if (!names.ok()) return names.status().WithContext("list DynamoDB tables");
    std::set<std::string> wanted;
    for (const auto& n : *names) {
      if (selection.Selects(n)) wanted.insert(n);
    }
    for (const auto& n : selection.saved_names) wanted.insert(n);
    return DescribeEach(wanted, selection, [&](const std::string& name) -> Result<Snapshot> {
      Snapshot s;
      s.type = kType;
      s.name = name;
      auto t = ddb_.DescribeTable(name);
      if (!t.ok()) {
        if (!t.status().IsNotFound())
          return t.status().WithContext("describe DynamoDB table " + name);
        s.exists = false;
        return s;
      }
      s.transitioning = t->status != "ACTIVE";
      s.config = {{"billing_mode", t->billing_mode},
                  {"read_capacity", t->read_capacity},
                  {"write_capacity", t->write_capacity}};
      s.details = {{"status", t->status},
                   {"item_count", t->item_count},
                   {"size_bytes", t->size_bytes},
                   {"arn", t->arn}};
      return s;
    });
  }

  std::string Classify(const Snapshot& cur, const nlohmann::json*) const override {
    if (!cur.exists) return "missing";
    return cur.transitioning ? "transitioning" : "running";
  }

  PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      if (!t.current->exists) continue;
      std::string mode = t.current->config.value("billing_mode", "PROVISIONED");
      std::string msg =
          mode == "PAY_PER_REQUEST"
              ? "on-demand table: no idle cost; left as it is"
              : "provisioned table (" +
                    std::to_string(t.current->config.value("read_capacity", 0LL)) + " RCU / " +
                    std::to_string(t.current->config.value("write_capacity", 0LL)) +
                    " WCU) keeps billing while parked; consider on-demand billing if it sits idle";
      out.notes.push_back({kType, t.current->name, "info", msg});
    }
    return out;
  }

  PlanOutput PlanStart(const std::vector<PlanTarget>&) const override { return {}; }
  Status Apply(const Action& a, const ApplyOptions&) override {
    return Status::Internal("DynamoDB tables have no actions (" + a.summary + ")");
  }
  std::string Verify(const Snapshot& cur, const nlohmann::json&) const override {
    return cur.exists ? "" : "table is missing";
  }

  Cost CostOf(const Snapshot& s, const PriceTable& prices,
              const std::string& region) const override {
    if (!s.exists) return Cost::Zero("table does not exist");
    return TableCost(prices, region, s.config.value("billing_mode", "PROVISIONED"),
                     s.config.value("read_capacity", int64_t{0}),
                     s.config.value("write_capacity", int64_t{0}));
  }
  Snapshot Parked(const Snapshot& running) const override { return running; }

 private:
  DynamoDbClient& ddb_;
};

}  // namespace

std::unique_ptr<ResourceType> MakeDynamoDbTableType(DynamoDbClient& ddb) {
  return std::make_unique<DynamoDbTableType>(ddb);
}

}  // namespace arm
