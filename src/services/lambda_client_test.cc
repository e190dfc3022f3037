#include "services/lambda_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

class LambdaClientTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  LambdaClient lambda_{env_.client()};
};

TEST_F(LambdaClientTest, ListFunctionsFollowsNextMarker) {
  env_.EnqueueJson({{"Functions",
                     {{{"FunctionName", "f1"},
                       {"FunctionArn", "arn:f1"},
                       {"Runtime", "python3.12"},
                       {"MemorySize", 256}}}},
                    {"NextMarker", "m/2=="}});
  env_.EnqueueJson({{"Functions", {{{"FunctionName", "f2"}}}}});
  auto r = lambda_.ListFunctions();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].name, "f1");
  EXPECT_EQ((*r)[0].arn, "arn:f1");
  EXPECT_EQ((*r)[0].runtime, "python3.12");
  EXPECT_EQ((*r)[0].memory_size, 256);
  EXPECT_FALSE((*r)[0].reserved_concurrency.has_value());
  EXPECT_EQ((*r)[1].name, "f2");

  ASSERT_EQ(env_.requests().size(), 2u);
  EXPECT_EQ(env_.request(0).method, "GET");
  EXPECT_EQ(env_.request(0).path, "/2015-03-31/functions/");
  EXPECT_EQ(env_.Query(0), (std::map<std::string, std::string>{{"MaxItems", "50"}}));
  EXPECT_EQ(env_.Query(1),
            (std::map<std::string, std::string>{{"MaxItems", "50"}, {"Marker", "m/2=="}}));
  EXPECT_EQ(env_.request(1).query, "Marker=m%2F2%3D%3D&MaxItems=50");
}

TEST_F(LambdaClientTest, GetFunctionReadsConcurrencyAndTags) {
  env_.EnqueueJson({{"Configuration",
                     {{"FunctionName", "f"},
                      {"FunctionArn", "arn:f"},
                      {"Runtime", "nodejs20.x"},
                      {"MemorySize", 128}}},
                    {"Code", {{"RepositoryType", "S3"}}},
                    {"Tags", {{"team", "ml"}}},
                    {"Concurrency", {{"ReservedConcurrentExecutions", 0}}}});
  auto r = lambda_.GetFunction("f");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(env_.request(0).method, "GET");
  EXPECT_EQ(env_.request(0).path, "/2015-03-31/functions/f");
  EXPECT_EQ(r->name, "f");
  EXPECT_EQ(r->memory_size, 128);
  ASSERT_TRUE(r->reserved_concurrency.has_value());
  EXPECT_EQ(*r->reserved_concurrency, 0);
  EXPECT_EQ(r->tags, (std::map<std::string, std::string>{{"team", "ml"}}));
}

TEST_F(LambdaClientTest, GetFunctionWithoutConcurrencyHasNone) {
  env_.EnqueueJson({{"Configuration", {{"FunctionName", "f"}}}});
  auto r = lambda_.GetFunction("f");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->reserved_concurrency.has_value());
  EXPECT_TRUE(r->tags.empty());
}

TEST_F(LambdaClientTest, FunctionNameLabelIsUriEncoded) {
  env_.EnqueueJson({{"Configuration", {{"FunctionName", "f"}}}});
  ASSERT_TRUE(lambda_.GetFunction("arn:aws:lambda:us-east-1:1:function:f").ok());
  EXPECT_EQ(env_.request(0).path,
            "/2015-03-31/functions/"
            "arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af");
}

TEST_F(LambdaClientTest, MissingFunctionIsNotFound) {
  env_.transport().Enqueue(404,
                           json{{"Type", "User"}, {"message", "Function not found: arn:f"}}.dump(),
                           {{"x-amzn-ErrorType", "ResourceNotFoundException"}});
  auto r = lambda_.GetFunction("f");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound());
  EXPECT_TRUE(r.status().IsAws("ResourceNotFoundException"));
}

TEST_F(LambdaClientTest, GetFunctionConcurrency) {
  env_.EnqueueJson({{"ReservedConcurrentExecutions", 5}});
  auto r = lambda_.GetFunctionConcurrency("f");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(env_.request(0).method, "GET");
  EXPECT_EQ(env_.request(0).path, "/2019-09-30/functions/f/concurrency");
  EXPECT_EQ(*r, std::optional<int>(5));

  env_.EnqueueJson(json::object());
  auto none = lambda_.GetFunctionConcurrency("f");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(LambdaClientTest, PutFunctionConcurrencySendsValue) {
  env_.EnqueueJson({{"ReservedConcurrentExecutions", 0}});
  CallStats stats;
  ASSERT_TRUE(lambda_.PutFunctionConcurrency("f", 0, &stats).ok());
  EXPECT_EQ(stats.attempts, 1);
  EXPECT_EQ(env_.request(0).method, "PUT");
  EXPECT_EQ(env_.request(0).path, "/2017-10-31/functions/f/concurrency");
  EXPECT_EQ(env_.JsonBody(0), (json{{"ReservedConcurrentExecutions", 0}}));
  EXPECT_EQ(env_.Header(0, "Content-Type"), "application/json");
}

TEST_F(LambdaClientTest, DeleteFunctionConcurrencyAcceptsEmpty204) {
  env_.transport().Enqueue(204, "");
  ASSERT_TRUE(lambda_.DeleteFunctionConcurrency("f").ok());
  EXPECT_EQ(env_.request(0).method, "DELETE");
  EXPECT_EQ(env_.request(0).path, "/2017-10-31/functions/f/concurrency");
  EXPECT_TRUE(env_.request(0).body.empty());
}

TEST_F(LambdaClientTest, GetAccountSettingsReadsLimits) {
  env_.EnqueueJson({{"AccountLimit",
                     {{"ConcurrentExecutions", 1000},
                      {"UnreservedConcurrentExecutions", 900},
                      {"TotalCodeSize", 80530636800LL}}},
                    {"AccountUsage", {{"FunctionCount", 3}}}});
  auto r = lambda_.GetAccountSettings();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(env_.request(0).method, "GET");
  EXPECT_EQ(env_.request(0).path, "/2016-08-19/account-settings/");
  EXPECT_EQ(r->concurrent_executions, 1000);
  EXPECT_EQ(r->unreserved_concurrent_executions, 900);
}

TEST_F(LambdaClientTest, ListTagsEncodesArnLabel) {
  env_.EnqueueJson({{"Tags", {{"a", "1"}, {"b", "2"}}}});
  auto r = lambda_.ListTags("arn:aws:lambda:us-east-1:1:function:f");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(env_.request(0).method, "GET");
  EXPECT_EQ(env_.request(0).path,
            "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af");
  EXPECT_EQ(*r, (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}}));
}

}  // namespace
}  // namespace arm
