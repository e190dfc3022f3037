// Conformance: the real AWS CLI(s) against the in-process sandbox, Lambda.
#include <gtest/gtest.h>

// Active once the sandbox server and its test fixtures (h4) are on the branch;
// the handlers must be registered in sandbox/registry.cc.
#if __has_include("tests/testing/sandbox_fixture.h") && __has_include("tests/testing/aws_cli.h")

#include "tests/testing/aws_cli.h"
#include "tests/testing/sandbox_fixture.h"

namespace sandbox {
namespace {

using arm::testing::AwsCli;
using arm::testing::CliResult;
using arm::testing::RunAwsCli;

constexpr char kExecutorArn[] =
    "arn:aws:lambda:us-east-1:000000000000:function:intervention-executor";

class LambdaCliTest : public arm::testing::SandboxFixture {
 protected:
  void SetUp() override {
    SandboxFixture::SetUp();
    clis_ = arm::testing::AwsClisFor({"lambda"});
    if (clis_.empty()) GTEST_SKIP() << "no AWS CLI installed";
  }

  CliResult Lambda(const AwsCli& cli, std::vector<std::string> args) {
    args.insert(args.begin(), "lambda");
    return RunAwsCli(cli, endpoint(), args);
  }

  nlohmann::json Function(const std::string& name) {
    return State()["services"]["lambda"]["functions"][name];
  }

  std::vector<AwsCli> clis_;
};

TEST_F(LambdaCliTest, ListFunctionsFollowsNextMarker) {
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    // --page-size 1: the CLI follows NextMarker across five pages.
    CliResult all = Lambda(cli, {"list-functions", "--page-size", "1"});
    ASSERT_EQ(all.exit_code, 0) << all.err;
    std::vector<std::string> names;
    for (const auto& f : all.json["Functions"]) names.push_back(f["FunctionName"]);
    EXPECT_EQ(names, (std::vector<std::string>{
                         "billing-service-invoicer", "billing-service-reporter", "event_processor",
                         "intervention-executor", "user-journey-analytics-v2-scorer"}));
    CliResult first = Lambda(cli, {"list-functions", "--max-items", "2"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_EQ(first.json["Functions"].size(), 2u);
    ASSERT_TRUE(first.json.contains("NextToken"));
    CliResult rest = Lambda(cli, {"list-functions", "--starting-token", first.json["NextToken"]});
    ASSERT_EQ(rest.exit_code, 0) << rest.err;
    ASSERT_EQ(rest.json["Functions"].size(), 3u);
    EXPECT_EQ(rest.json["Functions"][0]["FunctionName"], "event_processor");
  }
}

TEST_F(LambdaCliTest, GetFunctionShowsConcurrencyOnlyWhenReserved) {
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult reserved = Lambda(cli, {"get-function", "--function-name", kExecutorArn});
    ASSERT_EQ(reserved.exit_code, 0) << reserved.err;
    EXPECT_EQ(reserved.json["Configuration"]["FunctionName"], "intervention-executor");
    EXPECT_EQ(reserved.json["Concurrency"]["ReservedConcurrentExecutions"], 5);
    EXPECT_EQ(reserved.json["Tags"]["Project"], "user-journey-analytics");
    CliResult unreserved = Lambda(cli, {"get-function", "--function-name", "event_processor"});
    ASSERT_EQ(unreserved.exit_code, 0) << unreserved.err;
    EXPECT_FALSE(unreserved.json.contains("Concurrency"));
  }
}

TEST_F(LambdaCliTest, MissingFunctionIsResourceNotFound) {
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    for (const char* op :
         {"get-function", "get-function-concurrency", "delete-function-concurrency"}) {
      CliResult r = Lambda(cli, {op, "--function-name", "no-such-function"});
      EXPECT_NE(r.exit_code, 0) << op;
      EXPECT_NE(r.err.find("(ResourceNotFoundException)"), std::string::npos) << r.err;
      EXPECT_NE(r.err.find("Function not found: "
                           "arn:aws:lambda:us-east-1:000000000000:function:no-such-function"),
                std::string::npos)
          << r.err;
    }
  }
}

TEST_F(LambdaCliTest, ConcurrencyPutGetDeleteRoundTrip) {
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult put = Lambda(cli, {"put-function-concurrency", "--function-name", "event_processor",
                                 "--reserved-concurrent-executions", "0"});
    ASSERT_EQ(put.exit_code, 0) << put.err;
    EXPECT_EQ(put.json["ReservedConcurrentExecutions"], 0);
    EXPECT_EQ(Function("event_processor")["reserved_concurrency"], 0);
    CliResult get = Lambda(cli, {"get-function-concurrency", "--function-name", "event_processor"});
    ASSERT_EQ(get.exit_code, 0) << get.err;
    EXPECT_EQ(get.json["ReservedConcurrentExecutions"], 0);

    CliResult del =
        Lambda(cli, {"delete-function-concurrency", "--function-name", "event_processor"});
    ASSERT_EQ(del.exit_code, 0) << del.err;
    EXPECT_TRUE(Function("event_processor")["reserved_concurrency"].is_null());
    // Unset: AWS answers {}, which the CLI prints as nothing at all.
    CliResult unset =
        Lambda(cli, {"get-function-concurrency", "--function-name", "event_processor"});
    ASSERT_EQ(unset.exit_code, 0) << unset.err;
    EXPECT_FALSE(unset.json.is_object() && unset.json.contains("ReservedConcurrentExecutions"))
        << unset.out;
  }
}

TEST_F(LambdaCliTest, PutFunctionConcurrencyKeepsUnreservedMinimum) {
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult r = Lambda(cli, {"put-function-concurrency", "--function-name", "event_processor",
                               "--reserved-concurrent-executions", "886"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("(InvalidParameterValueException)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Specified ReservedConcurrentExecutions for function decreases account's "
                         "UnreservedConcurrentExecution below its minimum value of [100]."),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(Function("event_processor")["reserved_concurrency"].is_null());
  }
}

TEST_F(LambdaCliTest, GetAccountSettingsAndListTags) {
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult settings = Lambda(cli, {"get-account-settings"});
    ASSERT_EQ(settings.exit_code, 0) << settings.err;
    EXPECT_EQ(settings.json["AccountLimit"]["ConcurrentExecutions"], 1000);
    // 1000 - 10 (invoicer) - 5 (executor) - 5 (the v2 scorer).
    EXPECT_EQ(settings.json["AccountLimit"]["UnreservedConcurrentExecutions"], 980);
    EXPECT_EQ(settings.json["AccountUsage"]["FunctionCount"], 5);
    CliResult tags = Lambda(cli, {"list-tags", "--resource", kExecutorArn});
    ASSERT_EQ(tags.exit_code, 0) << tags.err;
    EXPECT_EQ(tags.json["Tags"],
              (nlohmann::json{{"Owner", "analytics"}, {"Project", "user-journey-analytics"}}));
  }
}

}  // namespace
}  // namespace sandbox

#endif  // __has_include(sandbox_fixture.h)
