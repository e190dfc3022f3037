// Conformance: the real AWS CLI(s) against the in-process sandbox, CloudWatch.
// Debian's awscli 2.9 speaks the query protocol, botocore >= 1.3x awsJson 1.0:
// their models differ, so AwsClisFor runs both and both are covered.
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

class CloudWatchCliTest : public arm::testing::SandboxFixture {
 protected:
  void SetUp() override {
    SandboxFixture::SetUp();
    clis_ = arm::testing::AwsClisFor({"cloudwatch"});
    if (clis_.empty()) GTEST_SKIP() << "no AWS CLI installed";
  }

  CliResult CloudWatch(const AwsCli& cli, std::vector<std::string> args) {
    args.insert(args.begin(), "cloudwatch");
    return RunAwsCli(cli, endpoint(), args);
  }

  static std::vector<std::string> Names(const CliResult& r, const char* list) {
    std::vector<std::string> names;
    for (const auto& a : r.json[list]) names.push_back(a["AlarmName"]);
    return names;
  }

  bool ActionsEnabled(const std::string& alarm) {
    return State()["services"]["monitoring"]["alarms"][alarm]["actions_enabled"].get<bool>();
  }

  std::vector<AwsCli> clis_;
};

TEST_F(CloudWatchCliTest, DescribeAlarmsListsMetricAlarmsOnlyByDefault) {
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult r = CloudWatch(cli, {"describe-alarms"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.json["MetricAlarms"].size(), 11u);
    EXPECT_TRUE(r.json["CompositeAlarms"].empty());
    const auto& a = r.json["MetricAlarms"][0];
    EXPECT_EQ(a["AlarmName"], "billing-service-fraud-latency");
    EXPECT_EQ(a["AlarmArn"],
              "arn:aws:cloudwatch:us-east-1:000000000000:alarm:billing-service-fraud-latency");
    EXPECT_EQ(a["ActionsEnabled"], true);
    EXPECT_EQ(a["AlarmActions"][0], "arn:aws:sns:us-east-1:000000000000:billing-service-ops");
    EXPECT_EQ(a["Dimensions"][0]["Name"], "EndpointName");
    EXPECT_EQ(a["Threshold"], 300000.0);
    EXPECT_EQ(a["Period"], 300);
    EXPECT_TRUE(a.contains("StateUpdatedTimestamp"));
    EXPECT_TRUE(a.contains("AlarmConfigurationUpdatedTimestamp"));
  }
}

TEST_F(CloudWatchCliTest, DescribeAlarmsFiltersAndPages) {
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult prefix =
        CloudWatch(cli, {"describe-alarms", "--alarm-name-prefix", "billing-service-"});
    ASSERT_EQ(prefix.exit_code, 0) << prefix.err;
    EXPECT_EQ(
        Names(prefix, "MetricAlarms"),
        (std::vector<std::string>{"billing-service-fraud-latency", "billing-service-queue-depth"}));
    // --page-size 2: the CLI follows NextToken through six pages.
    CliResult paged = CloudWatch(cli, {"describe-alarms", "--page-size", "2"});
    ASSERT_EQ(paged.exit_code, 0) << paged.err;
    EXPECT_EQ(paged.json["MetricAlarms"].size(), 11u);
    CliResult named = CloudWatch(
        cli, {"describe-alarms", "--alarm-names", "user-journey-analytics-processor-errors",
              "user-journey-analytics-health"});
    ASSERT_EQ(named.exit_code, 0) << named.err;
    EXPECT_EQ(Names(named, "MetricAlarms"),
              std::vector<std::string>{"user-journey-analytics-processor-errors"});
    EXPECT_TRUE(named.json["CompositeAlarms"].empty());
  }
}

TEST_F(CloudWatchCliTest, CompositeAlarmsWhenAskedFor) {
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult r = CloudWatch(cli, {"describe-alarms", "--alarm-types", "CompositeAlarm"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(Names(r, "CompositeAlarms"),
              std::vector<std::string>{"user-journey-analytics-health"});
    EXPECT_TRUE(r.json["MetricAlarms"].empty());
    EXPECT_EQ(r.json["CompositeAlarms"][0]["ActionsEnabled"], true);
    EXPECT_NE(r.json["CompositeAlarms"][0]["AlarmRule"].get<std::string>().find("ALARM("),
              std::string::npos);
  }
}

TEST_F(CloudWatchCliTest, DisableAndEnableAlarmActions) {
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult off = CloudWatch(
        cli, {"disable-alarm-actions", "--alarm-names", "user-journey-analytics-processor-errors",
              "user-journey-analytics-health", "no-such-alarm"});
    ASSERT_EQ(off.exit_code, 0) << off.err;
    EXPECT_FALSE(ActionsEnabled("user-journey-analytics-processor-errors"));
    EXPECT_FALSE(ActionsEnabled("user-journey-analytics-health"));
    CliResult seen = CloudWatch(
        cli, {"describe-alarms", "--alarm-names", "user-journey-analytics-processor-errors"});
    ASSERT_EQ(seen.exit_code, 0) << seen.err;
    EXPECT_EQ(seen.json["MetricAlarms"][0]["ActionsEnabled"], false);

    CliResult on = CloudWatch(
        cli, {"enable-alarm-actions", "--alarm-names", "user-journey-analytics-processor-errors",
              "user-journey-analytics-health"});
    ASSERT_EQ(on.exit_code, 0) << on.err;
    EXPECT_TRUE(ActionsEnabled("user-journey-analytics-processor-errors"));
    EXPECT_TRUE(ActionsEnabled("user-journey-analytics-health"));
  }
}

TEST_F(CloudWatchCliTest, ValidationErrorsAsAwsWordsThem) {
  std::vector<std::string> args = {"disable-alarm-actions", "--alarm-names"};
  for (int i = 1; i <= 101; ++i) args.push_back("alarm-" + std::to_string(i));
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult names = CloudWatch(cli, args);
    EXPECT_NE(names.exit_code, 0);
    EXPECT_NE(names.err.find("(ValidationError)"), std::string::npos) << names.err;
    EXPECT_NE(
        names.err.find(
            "at 'alarmNames' failed to satisfy constraint: Member must have length less than or "
            "equal to 100"),
        std::string::npos)
        << names.err;
    EXPECT_TRUE(ActionsEnabled("user-journey-analytics-processor-errors"));

    CliResult records = CloudWatch(cli, {"describe-alarms", "--max-records", "101"});
    EXPECT_NE(records.exit_code, 0);
    EXPECT_NE(records.err.find("(ValidationError)"), std::string::npos) << records.err;
    EXPECT_NE(records.err.find("Value '101' at 'maxRecords'"), std::string::npos) << records.err;

    // The CLI's own token wrapping a NextToken the service never issued.
    CliResult token =
        CloudWatch(cli, {"describe-alarms", "--starting-token", "eyJOZXh0VG9rZW4iOiAienoifQ=="});
    EXPECT_NE(token.exit_code, 0);
    EXPECT_NE(token.err.find("(InvalidNextToken)"), std::string::npos) << token.err;
  }
}

}  // namespace
}  // namespace sandbox

#endif  // __has_include(sandbox_fixture.h)
