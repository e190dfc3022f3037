#include "sandbox/rds_handler.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <iterator>
#include <pugixml.hpp>

#include "sandbox/json_handler_testing.h"
#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

using nlohmann::json;
using RdsParams = std::vector<std::pair<std::string, std::string>>;

constexpr char kRdsDb[] = "user-journey-analytics-db";
constexpr char kRdsAurora[] = "user-journey-analytics-aurora";

std::string RdsEncode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class RdsHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.clock = &clock_;
    handler_ = MakeRdsHandler(ctx_);
    handler_->Load(testing::DemoEstate());
  }
  Response Call(const std::string& action, const RdsParams& params) {
    Request r = testing::JsonRequest("", json::object());
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    r.body = "Action=" + action + "&Version=2014-10-31";
    for (const auto& [k, v] : params) r.body += "&" + RdsEncode(k) + "=" + RdsEncode(v);
    return handler_->Handle(r);
  }
  static std::string Code(const Response& r) {
    pugi::xml_document doc;
    doc.load_string(r.body.c_str());
    return doc.child("ErrorResponse").child("Error").child_value("Code");
  }
  // The database as Describe* answers it (`what`: "DBInstance" or "DBCluster").
  pugi::xml_node Db(const std::string& what, const std::string& id) {
    Response r = Call("Describe" + what + "s", {{what + "Identifier", id}});
    EXPECT_EQ(r.status, 200) << r.body;
    doc_.load_string(r.body.c_str());
    return doc_.child(("Describe" + what + "sResponse").c_str())
        .child(("Describe" + what + "sResult").c_str())
        .child((what + "s").c_str())
        .child(what.c_str());
  }
  std::string InstanceStatus(const std::string& id) {
    return Db("DBInstance", id).child_value("DBInstanceStatus");
  }
  std::string ClusterStatus(const std::string& id) {
    return Db("DBCluster", id).child_value("Status");
  }
  void Pass(double seconds) {
    clock_.Advance(std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000)));
  }

  arm::testing::FakeClock clock_;
  Context ctx_;
  std::unique_ptr<ServiceHandler> handler_;
  pugi::xml_document doc_;
};

TEST_F(RdsHandlerTest, StopThenStartAnInstanceThroughItsStates) {
  ASSERT_EQ(Call("StopDBInstance", {{"DBInstanceIdentifier", kRdsDb}}).status, 200);
  EXPECT_EQ(InstanceStatus(kRdsDb), "stopping");
  Pass(2);
  EXPECT_EQ(InstanceStatus(kRdsDb), "stopped");
  EXPECT_STRNE(Db("DBInstance", kRdsDb).child_value("AutomaticRestartTime"), "");
  // Stopping a stopped instance is AWS's refusal.
  EXPECT_EQ(Code(Call("StopDBInstance", {{"DBInstanceIdentifier", kRdsDb}})),
            "InvalidDBInstanceState");
  ASSERT_EQ(Call("StartDBInstance", {{"DBInstanceIdentifier", kRdsDb}}).status, 200);
  EXPECT_EQ(InstanceStatus(kRdsDb), "starting");
  Pass(2);
  EXPECT_EQ(InstanceStatus(kRdsDb), "available");
  EXPECT_STREQ(Db("DBInstance", kRdsDb).child_value("AutomaticRestartTime"), "");
}

TEST_F(RdsHandlerTest, AwsStartsAStoppedDatabaseAfterSevenDays) {
  ASSERT_EQ(Call("StopDBCluster", {{"DBClusterIdentifier", kRdsAurora}}).status, 200);
  Pass(2);
  EXPECT_EQ(ClusterStatus(kRdsAurora), "stopped");
  EXPECT_EQ(InstanceStatus(std::string(kRdsAurora) + "-1"), "stopped");
  Pass(7 * 24 * 3600 - 1);
  EXPECT_EQ(ClusterStatus(kRdsAurora), "stopped");
  Pass(2);
  EXPECT_EQ(ClusterStatus(kRdsAurora), "starting");
  Pass(2);
  EXPECT_EQ(ClusterStatus(kRdsAurora), "available");
  EXPECT_EQ(InstanceStatus(std::string(kRdsAurora) + "-2"), "available");
  EXPECT_EQ(handler_->Dump()["clusters"][1]["auto_starts"], 1);
}

TEST_F(RdsHandlerTest, RefusesWhatAwsCannotStop) {
  // A member of a cluster is stopped through its cluster only.
  Response member =
      Call("StopDBInstance", {{"DBInstanceIdentifier", std::string(kRdsAurora) + "-1"}});
  EXPECT_EQ(Code(member), "InvalidParameterCombination");
  EXPECT_NE(member.body.find("not eligible for stopping and starting"), std::string::npos);
  Response missing = Call("StopDBInstance", {{"DBInstanceIdentifier", "nope"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Code(missing), "DBInstanceNotFound");
  EXPECT_EQ(Code(Call("StartDBCluster", {{"DBClusterIdentifier", kRdsAurora}})),
            "InvalidDBClusterStateFault");
  EXPECT_EQ(Code(Call("StopDBCluster", {{"DBClusterIdentifier", "nope"}})),
            "DBClusterNotFoundFault");

  json estate = testing::DemoEstate();
  estate["rds"]["instances"].push_back(
      {{"id", "replica"}, {"replica_source", kRdsDb}, {"instance_class", "db.t3.medium"}});
  estate["rds"]["clusters"][1]["engine_mode"] = "serverless";  // billing-service-aurora
  handler_->Load(estate);
  Response source = Call("StopDBInstance", {{"DBInstanceIdentifier", kRdsDb}});
  EXPECT_EQ(Code(source), "InvalidDBInstanceState");
  EXPECT_NE(source.body.find("read replicas"), std::string::npos);
  EXPECT_EQ(Code(Call("StopDBInstance", {{"DBInstanceIdentifier", "replica"}})),
            "InvalidDBInstanceState");
  EXPECT_EQ(Db("DBInstance", kRdsDb)
                .child("ReadReplicaDBInstanceIdentifiers")
                .child_value("ReadReplicaDBInstanceIdentifier"),
            std::string("replica"));
  EXPECT_EQ(Code(Call("StopDBCluster", {{"DBClusterIdentifier", "billing-service-aurora"}})),
            "InvalidDBClusterStateFault");
}

TEST_F(RdsHandlerTest, FiltersPagesAndTheirErrors) {
  Response all = Call("DescribeDBInstances", {{"MaxRecords", "20"}});
  ASSERT_EQ(all.status, 200);
  // Three standalone instances and five cluster members.
  pugi::xml_document d;
  d.load_string(all.body.c_str());
  auto list = d.child("DescribeDBInstancesResponse").child("DescribeDBInstancesResult");
  EXPECT_EQ(std::distance(list.child("DBInstances").children("DBInstance").begin(),
                          list.child("DBInstances").children("DBInstance").end()),
            8);
  Response byCluster =
      Call("DescribeDBInstances", {{"Filters.Filter.1.Name", "db-cluster-id"},
                                   {"Filters.Filter.1.Values.Value.1", kRdsAurora}});
  d.load_string(byCluster.body.c_str());
  list = d.child("DescribeDBInstancesResponse").child("DescribeDBInstancesResult");
  EXPECT_EQ(std::distance(list.child("DBInstances").children("DBInstance").begin(),
                          list.child("DBInstances").children("DBInstance").end()),
            2);
  EXPECT_EQ(Code(Call("DescribeDBInstances", {{"MaxRecords", "5"}})), "InvalidParameterValue");
  EXPECT_EQ(Code(Call("DescribeDBInstances", {{"Filters.Filter.1.Name", "colour"},
                                              {"Filters.Filter.1.Values.Value.1", "x"}})),
            "InvalidParameterValue");
  EXPECT_EQ(Code(Call("DescribeDBClusters", {{"DBClusterIdentifier", "nope"}})),
            "DBClusterNotFoundFault");
  // Stop and start are authorized on the database's ARN, the describes on "*".
  Request stop = testing::JsonRequest("", json::object());
  stop.body = "Action=StopDBCluster&Version=2014-10-31&DBClusterIdentifier=c1";
  stop.region = "us-east-1";
  EXPECT_EQ(handler_->IamResources(stop),
            std::vector<std::string>{"arn:aws:rds:us-east-1:000000000000:cluster:c1"});
  EXPECT_EQ(handler_->IamAction(stop), "rds:StopDBCluster");
  stop.body = "Action=DescribeDBInstances&Version=2014-10-31";
  EXPECT_EQ(handler_->IamResources(stop), std::vector<std::string>{"*"});
  std::vector<TaggedResource> tagged;
  handler_->CollectTagged(tagged);
  ASSERT_EQ(tagged.size(), 6u);
  EXPECT_EQ(tagged[0].arn.find("arn:aws:rds:us-east-1:000000000000:db:"), 0u);
}

}  // namespace
}  // namespace sandbox
