#include "services/dynamodb_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

class DynamoDbClientTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  DynamoDbClient ddb_{env_.client()};
};

TEST_F(DynamoDbClientTest, ListTablesFollowsLastEvaluatedTableName) {
  env_.EnqueueJson({{"TableNames", {"a", "b"}}, {"LastEvaluatedTableName", "b"}});
  env_.EnqueueJson({{"TableNames", {"c"}}});
  auto r = ddb_.ListTables();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(env_.requests().size(), 2u);
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "DynamoDB_20120810.ListTables");
  EXPECT_EQ(env_.Header(0, "Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(env_.JsonBody(0), (json{{"Limit", 100}}));
  EXPECT_EQ(env_.JsonBody(1), (json{{"Limit", 100}, {"ExclusiveStartTableName", "b"}}));
}

TEST_F(DynamoDbClientTest, DescribeTableParsesProvisionedTable) {
  env_.EnqueueJson(
      {{"Table",
        {{"TableName", "orders"},
         {"TableArn", "arn:orders"},
         {"TableStatus", "ACTIVE"},
         {"ProvisionedThroughput", {{"ReadCapacityUnits", 25}, {"WriteCapacityUnits", 10}}},
         {"ItemCount", 12345678901LL},
         {"TableSizeBytes", 9876543210LL}}}});
  auto r = ddb_.DescribeTable("orders");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "DynamoDB_20120810.DescribeTable");
  EXPECT_EQ(env_.JsonBody(0), (json{{"TableName", "orders"}}));
  EXPECT_EQ(r->name, "orders");
  EXPECT_EQ(r->arn, "arn:orders");
  EXPECT_EQ(r->status, "ACTIVE");
  EXPECT_EQ(r->billing_mode, "PROVISIONED");
  EXPECT_EQ(r->read_capacity, 25);
  EXPECT_EQ(r->write_capacity, 10);
  EXPECT_EQ(r->item_count, 12345678901LL);
  EXPECT_EQ(r->size_bytes, 9876543210LL);
}

TEST_F(DynamoDbClientTest, DescribeTableReadsBillingModeSummary) {
  env_.EnqueueJson(
      {{"Table",
        {{"TableName", "t"},
         {"BillingModeSummary", {{"BillingMode", "PAY_PER_REQUEST"}}},
         {"ProvisionedThroughput", {{"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 0}}}}}});
  auto r = ddb_.DescribeTable("t");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->billing_mode, "PAY_PER_REQUEST");
}

TEST_F(DynamoDbClientTest, MissingTableIsNotFound) {
  env_.EnqueueJsonError(400, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
                        "Requested resource not found");
  auto r = ddb_.DescribeTable("t");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound());
  EXPECT_TRUE(r.status().IsAws("ResourceNotFoundException"));
}

}  // namespace
}  // namespace arm
