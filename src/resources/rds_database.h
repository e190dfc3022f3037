#pragma once
// The RDS types' pure helpers (resources/rds_database.cc): a database's
// snapshot (with why stop leaves it running: AWS's refusals, a cluster's
// members), what it costs, how status shows it, and which recorded
// originals they accept.
// `cluster`: the rds-cluster row, else rds-instance.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "cost/cost_model.h"
#include "resources/resource.h"
#include "services/rds_client.h"

namespace arm {

// config {status, instance_class}; details: engine, storage, the cluster it
// belongs to, "skip" (why stop leaves it running, "" when it may be stopped)
// and AutomaticRestartTime.
Snapshot RdsInstanceSnapshot(const RdsInstance& i);
// config {status}; details also the members and their classes (`classes`:
// instance id -> DB instance class) for the cost.
Snapshot RdsClusterSnapshot(const RdsCluster& c, const std::map<std::string, std::string>& classes);
// Running: the instance hours (a cluster's members by class) and the
// storage; stopped: the storage only, which AWS bills stopped or not.
Cost RdsCost(const Snapshot& s, bool cluster, const PriceTable& prices, const std::string& region);
// "db.t3.medium postgres available, 20 GB gp3"; a stopped one adds "AWS will
// start it at <time>" (DescribeDB*'s AutomaticRestartTime).
std::string RdsStatusText(const Snapshot& s, const nlohmann::json& original, bool cluster);
Status CheckRdsOriginal(const nlohmann::json& original, bool cluster);

}  // namespace arm
