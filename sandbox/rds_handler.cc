#include "sandbox/rds_handler.h"

#include <mutex>
#include <optional>

#include "core/clock.h"
#include "sandbox/compute_estate.h"
#include "sandbox/estate_util.h"
#include "sandbox/paging.h"
#include "sandbox/protocol_handler.h"
#include "sandbox/rds_store.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

constexpr char kRdsXmlns[] = "http://rds.amazonaws.com/doc/2014-10-31/";
constexpr char kRdsVersion[] = "2014-10-31";
constexpr std::string_view kRdsOps[] = {"DescribeDBInstances", "DescribeDBClusters",
                                        "StopDBInstance",      "StartDBInstance",
                                        "StopDBCluster",       "StartDBCluster"};
// MaxRecords: default 100, 20..100 (the API reference).
constexpr PageSizeRule kRdsPage{100, 20, 100, "Must be between 20 and 100",
                                "Must be between 20 and 100"};

const PageTokens& RdsTokens() {
  static const PageTokens kTokens("rds");
  return kTokens;
}

FormParams RdsForm(const Request& r) {
  return ParseForm(r.method == "POST" ? std::string_view(r.body) : std::string_view(r.query));
}
std::string RdsValue(const FormParams& f, std::string_view name) {
  const std::string* v = FormValue(f, name);
  return v == nullptr ? "" : *v;
}

Response RdsErrorAnswer(const arm::Status& s) {
  return QueryError(s.http_status() == 0 ? 400 : s.http_status(), s.aws_code(), s.message(),
                    kRdsXmlns);
}

// Filters.Filter.N.Name / Filters.Filter.N.Values.Value.M, as the AWS SDKs
// send them (the FilterList's members are named "Filter", the values "Value").
std::vector<std::pair<std::string, std::vector<std::string>>> Filters(const FormParams& f) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (int n = 1;; ++n) {
    std::string base = "Filters.Filter." + std::to_string(n);
    const std::string* name = FormValue(f, base + ".Name");
    if (name == nullptr) break;
    std::vector<std::string> values;
    for (int m = 1;; ++m) {
      const std::string* v = FormValue(f, base + ".Values.Value." + std::to_string(m));
      if (v == nullptr) break;
      values.push_back(*v);
    }
    out.emplace_back(*name, std::move(values));
  }
  return out;
}

std::string Iso(RdsTime t) { return arm::FormatIso8601(t); }

void TagListXml(pugi::xml_node parent, const std::map<std::string, std::string>& tags) {
  pugi::xml_node list = parent.append_child("TagList");
  for (const auto& [k, v] : tags) {
    pugi::xml_node t = list.append_child("Tag");
    AddText(t, "Key", k);
    AddText(t, "Value", v);
  }
}

class RdsHandler final : public QueryHandler {
 public:
  explicit RdsHandler(const Context& context)
      : QueryHandler("rds", kRdsXmlns, "AccessDenied"), context_(context) {}

  std::string IamAction(const Request& request) const override {
    std::string op = RdsValue(RdsForm(request), "Action");
    for (auto k : kRdsOps)
      if (op == k) return "rds:" + op;
    return "";
  }

  // Stop and start act on the database's ARN; the describes on "*".
  std::vector<std::string> IamResources(const Request& request) const override {
    FormParams f = RdsForm(request);
    std::string op = RdsValue(f, "Action");
    if (op.rfind("Describe", 0) == 0) return {"*"};
    bool cluster = op.find("Cluster") != std::string::npos;
    std::string id = RdsValue(f, cluster ? "DBClusterIdentifier" : "DBInstanceIdentifier");
    return {Arn(request.region.empty() ? region_ : request.region, cluster, id)};
  }

  Response Handle(const Request& request) override {
    FormParams f = RdsForm(request);
    std::string op = RdsValue(f, "Action");
    std::string version = RdsValue(f, "Version");
    if (IamAction(request).empty() || version != kRdsVersion)
      return QueryError(400, "InvalidAction",
                        "Could not find operation " + op + " for version " + version, kRdsXmlns);
    std::lock_guard<std::mutex> lock(mu_);
    const RdsTime now = context_.clock->Now();
    state_.Advance(now);
    const std::string region = request.region.empty() ? region_ : request.region;
    if (op == "DescribeDBInstances") return Describe(f, false, region);
    if (op == "DescribeDBClusters") return Describe(f, true, region);
    bool cluster = op.find("Cluster") != std::string::npos;
    const char* id_param = cluster ? "DBClusterIdentifier" : "DBInstanceIdentifier";
    std::string id = RdsValue(f, id_param);
    if (id.empty())
      return QueryError(400, "MissingParameter",
                        std::string("The request must contain the parameter ") + id_param,
                        kRdsXmlns);
    arm::Status s = op == "StopDBInstance"    ? state_.StopInstance(id, now)
                    : op == "StartDBInstance" ? state_.StartInstance(id, now)
                    : op == "StopDBCluster"   ? state_.StopCluster(id, now)
                                              : state_.StartCluster(id, now);
    if (!s.ok()) return RdsErrorAnswer(s);
    return QueryOk(op, kRdsXmlns, [&](pugi::xml_node result) {
      if (cluster)
        ClusterXml(result.append_child("DBCluster"), state_.clusters.at(id), region);
      else
        InstanceXml(result.append_child("DBInstance"), state_.instances.at(id), region);
    });
  }

  void Load(const nlohmann::json& estate) override {
    std::lock_guard<std::mutex> lock(mu_);
    region_ = EstateString(estate, "region", context_.region);
    account_ = EstateString(estate, "account_id", context_.account_id);
    state_.Load(
        estate.is_object() && estate.contains("rds") ? estate["rds"] : nlohmann::json::object(),
        context_.clock->Now());
  }

  nlohmann::json Dump() const override {
    std::lock_guard<std::mutex> lock(mu_);
    state_.Advance(context_.clock->Now());
    return state_.Dump();
  }

  void Generate(const std::map<std::string, int>& counts, nlohmann::json& estate) const override {
    GenerateRdsEstate(GeneratedCount(counts, "rds"), GeneratedCount(counts, "aurora"),
                      GeneratedPrefix(estate), estate);
  }

  void CollectTagged(std::vector<TaggedResource>& out) const override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, i] : state_.instances)
      if (!i.tags.empty()) out.push_back({Arn(region_, false, id), i.tags});
    for (const auto& [id, c] : state_.clusters)
      if (!c.tags.empty()) out.push_back({Arn(region_, true, id), c.tags});
  }

 private:
  std::string Arn(const std::string& region, bool cluster, const std::string& id) const {
    return "arn:aws:rds:" + region + ":" + account_ + (cluster ? ":cluster:" : ":db:") + id;
  }

  Response Describe(const FormParams& f, bool cluster, const std::string& region) {
    const std::string* max = FormValue(f, "MaxRecords");
    std::optional<int64_t> requested;
    if (max != nullptr) {
      try {
        requested = std::stoll(*max);
      } catch (const std::exception&) {
        requested = 0;
      }
    }
    auto size = PageSize(requested, kRdsPage);
    if (!size.ok())
      return QueryError(400, "InvalidParameterValue",
                        "Invalid value " + *max + " for MaxRecords. " + size.status().message(),
                        kRdsXmlns);
    const std::string* marker = FormValue(f, "Marker");
    auto offset = RdsTokens().Offset(marker ? std::optional<std::string>(*marker) : std::nullopt);
    if (!offset.ok())
      return QueryError(400, "InvalidParameterValue", "Invalid marker: " + *marker, kRdsXmlns);
    std::string one = RdsValue(f, cluster ? "DBClusterIdentifier" : "DBInstanceIdentifier");
    std::vector<std::string> ids;  // every database that passes the filters
    for (const auto& [id, db] : state_.instances)
      if (!cluster) ids.push_back(id);
    for (const auto& [id, db] : state_.clusters)
      if (cluster) ids.push_back(id);
    for (const auto& [name, values] : Filters(f)) {
      const bool by_cluster = name == "db-cluster-id";
      if (name != (cluster ? "db-cluster-id" : "db-instance-id") && !(by_cluster && !cluster))
        return QueryError(400, "InvalidParameterValue", "Unrecognized filter name: " + name,
                          kRdsXmlns);
      std::vector<std::string> kept;
      for (const auto& id : ids) {
        std::string key = by_cluster && !cluster ? state_.instances.at(id).cluster_id : id;
        for (const auto& v : values)
          if (v == key || v == Arn(region, by_cluster, key)) {
            kept.push_back(id);
            break;
          }
      }
      ids = std::move(kept);
    }
    if (!one.empty()) {
      bool known = cluster ? state_.clusters.count(one) > 0 : state_.instances.count(one) > 0;
      if (!known)
        return cluster ? QueryError(404, "DBClusterNotFoundFault",
                                    "DBCluster " + one + " not found.", kRdsXmlns)
                       : QueryError(404, "DBInstanceNotFound", "DBInstance " + one + " not found.",
                                    kRdsXmlns);
      ids = std::find(ids.begin(), ids.end(), one) == ids.end() ? std::vector<std::string>{}
                                                                : std::vector<std::string>{one};
    }
    Page<std::string> page = PageOf(ids, *offset, *size, RdsTokens());
    std::string op = cluster ? "DescribeDBClusters" : "DescribeDBInstances";
    return QueryOk(op, kRdsXmlns, [&](pugi::xml_node result) {
      pugi::xml_node list = result.append_child(cluster ? "DBClusters" : "DBInstances");
      for (const auto& id : page.items) {
        if (cluster)
          ClusterXml(list.append_child("DBCluster"), state_.clusters.at(id), region);
        else
          InstanceXml(list.append_child("DBInstance"), state_.instances.at(id), region);
      }
      if (page.more()) AddText(result, "Marker", page.next_token);
    });
  }

  void InstanceXml(pugi::xml_node n, const RdsSandboxInstance& i, const std::string& region) const {
    AddText(n, "DBInstanceIdentifier", i.id);
    AddText(n, "DBInstanceClass", i.instance_class);
    AddText(n, "Engine", i.engine);
    AddText(n, "DBInstanceStatus", i.status);
    AddText(n, "AllocatedStorage", std::to_string(i.allocated_gb));
    AddText(n, "AvailabilityZone", region + "a");
    if (!i.replica_source.empty())
      AddText(n, "ReadReplicaSourceDBInstanceIdentifier", i.replica_source);
    pugi::xml_node replicas = n.append_child("ReadReplicaDBInstanceIdentifiers");
    for (const auto& r : state_.ReplicasOf(i.id))
      AddText(replicas, "ReadReplicaDBInstanceIdentifier", r);
    AddText(n, "StorageType", i.storage_type);
    if (!i.cluster_id.empty()) AddText(n, "DBClusterIdentifier", i.cluster_id);
    AddText(n, "DBInstanceArn", Arn(region, false, i.id));
    TagListXml(n, i.tags);
    if (i.status == "stopped" && i.cluster_id.empty())
      AddText(n, "AutomaticRestartTime", Iso(state_.RestartAt(i)));
  }

  void ClusterXml(pugi::xml_node n, const RdsSandboxCluster& c, const std::string& region) const {
    AddText(n, "AllocatedStorage", std::to_string(c.allocated_gb));
    AddText(n, "DBClusterIdentifier", c.id);
    AddText(n, "Status", c.status);
    AddText(n, "Engine", c.engine);
    if (!c.replication_source.empty())
      AddText(n, "ReplicationSourceIdentifier", c.replication_source);
    pugi::xml_node members = n.append_child("DBClusterMembers");
    for (const RdsSandboxInstance* m : state_.MembersOf(c.id)) {
      pugi::xml_node x = members.append_child("DBClusterMember");
      AddText(x, "DBInstanceIdentifier", m->id);
      AddText(x, "IsClusterWriter", m->writer ? "true" : "false");
    }
    AddText(n, "DBClusterArn", Arn(region, true, c.id));
    AddText(n, "EngineMode", c.engine_mode);
    AddText(n, "StorageType", c.storage_type);
    TagListXml(n, c.tags);
    if (!c.global_cluster.empty()) AddText(n, "GlobalClusterIdentifier", c.global_cluster);
    if (c.status == "stopped") AddText(n, "AutomaticRestartTime", Iso(state_.RestartAt(c)));
  }

  Context context_;
  mutable std::mutex mu_;
  mutable RdsState state_;
  std::string region_ = "us-east-1", account_ = "000000000000";
};

}  // namespace

std::unique_ptr<ServiceHandler> MakeRdsHandler(const Context& context) {
  return std::make_unique<RdsHandler>(context);
}

}  // namespace sandbox
