#include "services/cloudwatch_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using Form = std::map<std::string, std::string>;

std::string DescribeAlarmsXml(const std::string& metric_members,
                              const std::string& composite_members, const std::string& next_token) {
  std::string xml =
      "<DescribeAlarmsResponse "
      "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
      "<DescribeAlarmsResult><MetricAlarms>" +
      metric_members + "</MetricAlarms><CompositeAlarms>" + composite_members +
      "</CompositeAlarms>";
  if (!next_token.empty()) xml += "<NextToken>" + next_token + "</NextToken>";
  return xml +
         "</DescribeAlarmsResult><ResponseMetadata><RequestId>r1</RequestId>"
         "</ResponseMetadata></DescribeAlarmsResponse>";
}

std::string MetricAlarmXml(const std::string& name, bool enabled) {
  return "<member><AlarmName>" + name + "</AlarmName><AlarmArn>arn:alarm:" + name +
         "</AlarmArn><ActionsEnabled>" + (enabled ? "true" : "false") +
         "</ActionsEnabled><StateValue>OK</StateValue><MetricName>"
         "Invocations</MetricName><Namespace>AWS/SageMaker</Namespace>"
         "<Period>60</Period><Dimensions><member><Name>EndpointName</Name>"
         "<Value>ep</Value></member></Dimensions></member>";
}

std::string ActionsXml(const std::string& action) {
  return "<" + action +
         "Response xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
         "<ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></" +
         action + "Response>";
}

std::vector<std::string> CloudwatchClientNames(int n) {
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back("alarm-" + std::to_string(i));
  return names;
}

class CloudWatchClientTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  CloudWatchClient cw_{env_.client()};
};

TEST_F(CloudWatchClientTest, DescribeAlarmsParsesBothKindsAcrossPages) {
  env_.EnqueueXml(DescribeAlarmsXml(MetricAlarmXml("m1", true), "", "tok"));
  env_.EnqueueXml(
      DescribeAlarmsXml(MetricAlarmXml("m2", false),
                        "<member><AlarmName>c1</AlarmName><AlarmArn>arn:c1</AlarmArn>"
                        "<ActionsEnabled>true</ActionsEnabled><StateValue>ALARM</StateValue>"
                        "<AlarmRule>ALARM(m1)</AlarmRule></member>",
                        ""));

  DescribeAlarmsRequest request;
  request.name_prefix = "ep-";
  auto r = cw_.DescribeAlarms(request);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  const Alarm& m1 = (*r)[0];
  EXPECT_EQ(m1.name, "m1");
  EXPECT_EQ(m1.arn, "arn:alarm:m1");
  EXPECT_FALSE(m1.composite);
  EXPECT_TRUE(m1.actions_enabled);
  EXPECT_EQ(m1.state_value, "OK");
  EXPECT_EQ(m1.namespace_, "AWS/SageMaker");
  EXPECT_EQ(m1.metric_name, "Invocations");
  EXPECT_EQ(m1.period, 60);
  EXPECT_FALSE((*r)[1].actions_enabled);
  const Alarm& c1 = (*r)[2];
  EXPECT_EQ(c1.name, "c1");
  EXPECT_TRUE(c1.composite);
  EXPECT_EQ(c1.state_value, "ALARM");
  EXPECT_EQ(c1.period, 0);
  EXPECT_EQ(c1.rule_names, std::vector<std::string>{"m1"});
  EXPECT_TRUE(m1.rule_names.empty());

  ASSERT_EQ(env_.requests().size(), 2u);
  EXPECT_EQ(env_.request(0).method, "POST");
  EXPECT_EQ(env_.request(0).path, "/");
  Form expected = {{"Action", "DescribeAlarms"},
                   {"Version", "2010-08-01"},
                   {"AlarmNamePrefix", "ep-"},
                   {"AlarmTypes.member.1", "MetricAlarm"},
                   {"AlarmTypes.member.2", "CompositeAlarm"},
                   {"MaxRecords", "100"}};
  EXPECT_EQ(env_.Form(0), expected);
  expected["NextToken"] = "tok";
  EXPECT_EQ(env_.Form(1), expected);
}

TEST(AlarmRuleNamesTest, NamesEveryAlarmTheRuleNamesQuotedBareNestedOrByArn) {
  EXPECT_EQ(AlarmRuleNames("ALARM(\"a-1\") OR ALARM(\"b\")"),
            (std::vector<std::string>{"a-1", "b"}));
  EXPECT_EQ(AlarmRuleNames("(ALARM(a) AND NOT OK( b )) OR "
                           "(INSUFFICIENT_DATA(\"c\") AND ALARM(a))"),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(AlarmRuleNames("ALARM(\"arn:aws:cloudwatch:us-east-1:000000000000:alarm:x:y\") OR "
                           "OK(arn:aws:cloudwatch:us-east-1:000000000000:alarm:z)"),
            (std::vector<std::string>{"x:y", "z"}));
  EXPECT_EQ(AlarmRuleNames("AT_LEAST(2, ALARM, (\"p\", q, \"r\")) AND ALARM(s)"),
            (std::vector<std::string>{"p", "q", "r", "s"}));
  // A quoted name may hold what looks like a function; TRUE/FALSE name none.
  EXPECT_EQ(AlarmRuleNames("ALARM(\"OK(not-this)\") AND TRUE"),
            std::vector<std::string>{"OK(not-this)"});
  EXPECT_TRUE(AlarmRuleNames("").empty());
  EXPECT_TRUE(AlarmRuleNames("FALSE").empty());
}

TEST_F(CloudWatchClientTest, DescribeAlarmsWithoutCompositeAsksForMetricOnly) {
  env_.EnqueueXml(DescribeAlarmsXml("", "", ""));
  DescribeAlarmsRequest request;
  request.include_composite = false;
  request.max_records = 50;
  auto r = cw_.DescribeAlarms(request);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(env_.Form(0), (Form{{"Action", "DescribeAlarms"},
                                {"Version", "2010-08-01"},
                                {"AlarmTypes.member.1", "MetricAlarm"},
                                {"MaxRecords", "50"}}));
}

TEST_F(CloudWatchClientTest, DescribeAlarmsSendsNamesInChunksOfOneHundred) {
  for (int i = 0; i < 3; ++i) env_.EnqueueXml(DescribeAlarmsXml("", "", ""));
  DescribeAlarmsRequest request;
  request.names = CloudwatchClientNames(250);
  auto r = cw_.DescribeAlarms(request);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(env_.requests().size(), 3u);
  Form first = env_.Form(0);
  EXPECT_EQ(first["AlarmNames.member.1"], "alarm-0");
  EXPECT_EQ(first["AlarmNames.member.100"], "alarm-99");
  EXPECT_EQ(first.count("AlarmNames.member.101"), 0u);
  Form third = env_.Form(2);
  EXPECT_EQ(third["AlarmNames.member.1"], "alarm-200");
  EXPECT_EQ(third["AlarmNames.member.50"], "alarm-249");
  EXPECT_EQ(third.count("AlarmNames.member.51"), 0u);
}

TEST_F(CloudWatchClientTest, DescribeAlarmsRejectsPrefixWithNames) {
  DescribeAlarmsRequest request;
  request.name_prefix = "x";
  request.names = {"a"};
  auto r = cw_.DescribeAlarms(request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(env_.requests().empty());
}

TEST_F(CloudWatchClientTest, DisableAndEnableAlarmActionsSendNames) {
  env_.EnqueueXml(ActionsXml("DisableAlarmActions"));
  env_.EnqueueXml(ActionsXml("EnableAlarmActions"));
  CallStats stats;
  ASSERT_TRUE(cw_.DisableAlarmActions({"a", "b c"}, &stats).ok());
  EXPECT_EQ(stats.attempts, 1);
  ASSERT_TRUE(cw_.EnableAlarmActions({"a"}).ok());
  EXPECT_EQ(env_.Form(0), (Form{{"Action", "DisableAlarmActions"},
                                {"Version", "2010-08-01"},
                                {"AlarmNames.member.1", "a"},
                                {"AlarmNames.member.2", "b c"}}));
  EXPECT_EQ(env_.Form(1), (Form{{"Action", "EnableAlarmActions"},
                                {"Version", "2010-08-01"},
                                {"AlarmNames.member.1", "a"}}));
}

TEST_F(CloudWatchClientTest, MoreThanOneHundredNamesAreRejectedWithoutACall) {
  Status d = cw_.DisableAlarmActions(CloudwatchClientNames(101));
  EXPECT_EQ(d.code(), StatusCode::kInvalidArgument);
  Status e = cw_.EnableAlarmActions(CloudwatchClientNames(101));
  EXPECT_EQ(e.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(env_.requests().empty());

  env_.EnqueueXml(ActionsXml("DisableAlarmActions"));
  EXPECT_TRUE(cw_.DisableAlarmActions(CloudwatchClientNames(100)).ok());
  EXPECT_EQ(env_.requests().size(), 1u);
}

TEST_F(CloudWatchClientTest, ErrorsKeepTheAwsCode) {
  env_.EnqueueXml(
      "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
      "<Message>Rate exceeded</Message></Error><RequestId>r9</RequestId>"
      "</ErrorResponse>",
      400);
  auto r = cw_.DescribeAlarms({});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsAws("Throttling"));
}

}  // namespace
}  // namespace arm
