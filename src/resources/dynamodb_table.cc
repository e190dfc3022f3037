// DynamoDB tables: never changed. Discovery reports the billing mode and
// capacity so status can show their cost and recommend on-demand billing for
// provisioned tables that sit idle.
#include "resources/types.h"
#include "services/client_set.h"
#include "services/dynamodb_client.h"

namespace arm {
namespace {

constexpr char kType[] = "dynamodb-table";

const TypeInfo kInfo = {
    .id = kType,
    .selector = "dynamodb",
    .names_key = "DYNAMODB_TABLES",
    .prefix_key = {},
    .flag_keys = {},
    .price_keys = {"dynamodb-rcu-hour", "dynamodb-wcu-hour"},
    .arn = {"dynamodb", "table/", "/"},
    .tagging_type = "dynamodb:table",
    .stop_stage = 4,
    .parked = {},
};

bool Provisioned(const Snapshot& s) {
  return s.config.value("billing_mode", "PROVISIONED") == "PROVISIONED";
}

class DynamoDbTableType final : public ResourceType {
 public:
  explicit DynamoDbTableType(DynamoDbClient& ddb) : ddb_(ddb) {}
  const TypeInfo& info() const override { return kInfo; }
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

  Condition Classify(const Snapshot& cur, const nlohmann::json*) const override {
    if (!cur.exists) return Condition::kMissing;
    return cur.transitioning ? Condition::kTransitioning : Condition::kRunning;
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
      out.notes.push_back({kType, t.current->name, Severity::kInfo, msg});
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
    // On-demand: billed per request, nothing idle. Provisioned: RCU x
    // RCU-hour + WCU x WCU-hour.
    if (!Provisioned(s)) return Cost::Zero("on-demand table: billed per request, nothing idle");
    Cost c;
    c += PricedCost(prices, region, "dynamodb-rcu-hour", "RCU",
                    static_cast<double>(s.config.value("read_capacity", int64_t{0})),
                    "DynamoDB RCU-hour");
    c += PricedCost(prices, region, "dynamodb-wcu-hour", "WCU",
                    static_cast<double>(s.config.value("write_capacity", int64_t{0})),
                    "DynamoDB WCU-hour");
    return c;
  }

  std::string StatusText(const Snapshot& s, const nlohmann::json&) const override {
    if (!s.exists) return "";
    if (s.config.value("billing_mode", "") == "PAY_PER_REQUEST") return "on-demand";
    return "provisioned " + std::to_string(s.config.value("read_capacity", 0)) + " RCU / " +
           std::to_string(s.config.value("write_capacity", 0)) + " WCU";
  }
  Tip StatusTip(const Snapshot& s, Condition) const override {
    if (s.config.value("billing_mode", "") != "PROVISIONED") return {};
    return {"provisioned DynamoDB tables bill while idle; on-demand billing costs nothing idle",
            true};
  }
  Snapshot Parked(const Snapshot& running) const override { return running; }

 private:
  DynamoDbClient& ddb_;
};

}  // namespace

std::unique_ptr<ResourceType> MakeDynamoDbTableType(DynamoDbClient& ddb) {
  return std::make_unique<DynamoDbTableType>(ddb);
}

TypeEntry DynamoDbTableEntry() {
  return {&kInfo, [](const TypeContext& c) {
            return MakeDynamoDbTableType(c.clients.Get<DynamoDbClient>());
          }};
}

}  // namespace arm
