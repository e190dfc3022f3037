#include "sandbox/cloudwatch_handler.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "sandbox/cloudwatch_wire.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/testing.h"

namespace sandbox {
namespace {

nlohmann::json DemoEstate() {
  std::ifstream in(arm::testing::SourceDir() + "/config/demo-estate.json");
  return nlohmann::json::parse(in);
}

class CloudWatchHandlerTest : public ::testing::Test {
 protected:
  CloudWatchHandlerTest() { handler_.Load(DemoEstate()); }

  static Request Base() {
    Request r;
    r.method = "POST";
    r.path = "/";
    r.service = "monitoring";
    r.region = "us-east-1";
    return r;
  }

  // Query protocol: Action/Version plus `params`, form-encoded.
  Response Query(const std::string& action,
                 const std::vector<std::pair<std::string, std::string>>& params = {}) {
    Request r = Base();
    r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    r.body = "Action=" + action + "&Version=2010-08-01";
    for (const auto& [k, v] : params) r.body += "&" + arm::UriEncode(k) + "=" + arm::UriEncode(v);
    return handler_.Handle(r);
  }

  // awsJson 1.0.
  Response Json(const std::string& op, const nlohmann::json& body = nlohmann::json::object()) {
    Request r = Base();
    r.headers.emplace_back("Content-Type", "application/x-amz-json-1.0");
    r.headers.emplace_back("X-Amz-Target", "GraniteServiceVersion20100801." + op);
    r.body = body.dump();
    return handler_.Handle(r);
  }

  static pugi::xml_document Xml(const Response& r) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(r.body.c_str())) << r.body;
    return doc;
  }

  static std::vector<std::string> XmlNames(const Response& r, const char* list) {
    pugi::xml_document doc = Xml(r);
    std::vector<std::string> names;
    pugi::xml_node l =
        doc.child("DescribeAlarmsResponse").child("DescribeAlarmsResult").child(list);
    for (pugi::xml_node m : l.children("member")) names.push_back(m.child_value("AlarmName"));
    return names;
  }

  static std::vector<std::string> JsonNames(const Response& r, const char* list) {
    std::vector<std::string> names;
    nlohmann::json body = nlohmann::json::parse(r.body);
    for (const auto& a : body[list]) names.push_back(a["AlarmName"]);
    return names;
  }

  static std::string QueryErrorCode(const Response& r) {
    return Xml(r).child("ErrorResponse").child("Error").child_value("Code");
  }

  static std::string Header(const Response& r, const char* name) {
    const std::string* v = arm::FindHeader(r.headers, name);
    return v ? *v : "";
  }

  arm::testing::FakeClock clock_;
  Context context_{&clock_};
  CloudWatchHandler handler_{context_};
};

TEST_F(CloudWatchHandlerTest, QueryDescribeAlarmsReturnsMetricAlarmsOnly) {
  Response r = Query("DescribeAlarms");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(XmlNames(r, "MetricAlarms").size(), 11u);
  EXPECT_TRUE(XmlNames(r, "CompositeAlarms").empty());
  pugi::xml_document doc = Xml(r);
  EXPECT_STREQ(doc.child("DescribeAlarmsResponse").attribute("xmlns").value(),
               "http://monitoring.amazonaws.com/doc/2010-08-01/");
  pugi::xml_node first = doc.child("DescribeAlarmsResponse")
                             .child("DescribeAlarmsResult")
                             .child("MetricAlarms")
                             .child("member");
  EXPECT_STREQ(first.child_value("AlarmName"), "billing-service-fraud-latency");
  EXPECT_STREQ(first.child_value("AlarmArn"),
               "arn:aws:cloudwatch:us-east-1:000000000000:alarm:billing-service-fraud-latency");
  EXPECT_STREQ(first.child_value("ActionsEnabled"), "true");
  EXPECT_STREQ(first.child_value("StateUpdatedTimestamp"), "2015-08-30T12:36:00.000Z");
  EXPECT_STREQ(first.child("AlarmActions").child_value("member"),
               "arn:aws:sns:us-east-1:000000000000:billing-service-ops");
  EXPECT_STREQ(first.child("Dimensions").child("member").child_value("Name"), "EndpointName");
  EXPECT_DOUBLE_EQ(first.child("Threshold").text().as_double(), 300000.0);
}

TEST_F(CloudWatchHandlerTest, JsonDescribeAlarmsUsesEpochTimestamps) {
  Response r =
      Json("DescribeAlarms", {{"AlarmNames", {"user-journey-analytics-endpoint-latency-high"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/x-amz-json-1.0");
  nlohmann::json j = nlohmann::json::parse(r.body);
  ASSERT_EQ(j["MetricAlarms"].size(), 1u);
  const auto& a = j["MetricAlarms"][0];
  EXPECT_EQ(a["StateUpdatedTimestamp"], 1440938160.0);
  EXPECT_EQ(a["AlarmConfigurationUpdatedTimestamp"], 1440938160.0);
  EXPECT_EQ(a["Dimensions"][1]["Value"], "AllTraffic");
  EXPECT_EQ(a["Threshold"], 500000.0);
  EXPECT_TRUE(j["CompositeAlarms"].empty());
}

TEST_F(CloudWatchHandlerTest, CompositeAlarmsOnlyWhenAsked) {
  for (bool json : {false, true}) {
    SCOPED_TRACE(json ? "json" : "query");
    Response r = json ? Json("DescribeAlarms", {{"AlarmTypes", {"CompositeAlarm"}}})
                      : Query("DescribeAlarms", {{"AlarmTypes.member.1", "CompositeAlarm"}});
    ASSERT_EQ(r.status, 200) << r.body;
    auto names = json ? JsonNames(r, "CompositeAlarms") : XmlNames(r, "CompositeAlarms");
    EXPECT_EQ(names, std::vector<std::string>{"user-journey-analytics-health"});
    EXPECT_TRUE((json ? JsonNames(r, "MetricAlarms") : XmlNames(r, "MetricAlarms")).empty());
  }
  // Asking by name without AlarmTypes does not show the composite alarm.
  EXPECT_TRUE(JsonNames(Json("DescribeAlarms", {{"AlarmNames", {"user-journey-analytics-health"}}}),
                        "CompositeAlarms")
                  .empty());
  Response both = Json("DescribeAlarms", {{"AlarmTypes", {"MetricAlarm", "CompositeAlarm"}}});
  EXPECT_EQ(JsonNames(both, "MetricAlarms").size(), 11u);
  EXPECT_EQ(JsonNames(both, "CompositeAlarms").size(), 1u);
}

TEST_F(CloudWatchHandlerTest, FiltersByPrefixStateAndActionPrefix) {
  EXPECT_EQ(
      XmlNames(Query("DescribeAlarms", {{"AlarmNamePrefix", "billing-service-"}}), "MetricAlarms")
          .size(),
      2u);
  EXPECT_EQ(XmlNames(Query("DescribeAlarms", {{"StateValue", "ALARM"}}), "MetricAlarms").size(),
            0u);
  Response ap =
      Json("DescribeAlarms", {{"ActionPrefix", "arn:aws:sns:us-east-1:000000000000:user-journey"}});
  EXPECT_EQ(ap.status, 200) << ap.body;
  EXPECT_EQ(JsonNames(ap, "MetricAlarms").size(), 9u);
}

TEST_F(CloudWatchHandlerTest, PagesWithNextTokenAcrossBothTypes) {
  for (bool json : {false, true}) {
    SCOPED_TRACE(json ? "json" : "query");
    std::vector<std::string> names;
    std::string token;
    int pages = 0;
    do {
      Response r;
      if (json) {
        nlohmann::json body = {{"MaxRecords", 4},
                               {"AlarmTypes", {"MetricAlarm", "CompositeAlarm"}}};
        if (!token.empty()) body["NextToken"] = token;
        r = Json("DescribeAlarms", body);
        nlohmann::json j = nlohmann::json::parse(r.body);
        token = j.value("NextToken", "");
      } else {
        std::vector<std::pair<std::string, std::string>> params = {
            {"MaxRecords", "4"},
            {"AlarmTypes.member.1", "MetricAlarm"},
            {"AlarmTypes.member.2", "CompositeAlarm"}};
        if (!token.empty()) params.emplace_back("NextToken", token);
        r = Query("DescribeAlarms", params);
        token = Xml(r)
                    .child("DescribeAlarmsResponse")
                    .child("DescribeAlarmsResult")
                    .child_value("NextToken");
      }
      ASSERT_EQ(r.status, 200) << r.body;
      for (const char* list : {"MetricAlarms", "CompositeAlarms"}) {
        for (const auto& n : json ? JsonNames(r, list) : XmlNames(r, list)) names.push_back(n);
      }
      ++pages;
    } while (!token.empty() && pages < 10);
    EXPECT_EQ(pages, 3);
    ASSERT_EQ(names.size(), 12u);
    EXPECT_EQ(names.back(), "user-journey-analytics-health");
  }
}

TEST_F(CloudWatchHandlerTest, MaxRecordsOutOfRangeIsValidationError) {
  for (std::string n : {"0", "101"}) {
    Response q = Query("DescribeAlarms", {{"MaxRecords", n}});
    EXPECT_EQ(q.status, 400);
    EXPECT_EQ(QueryErrorCode(q), "ValidationError");
    Response j = Json("DescribeAlarms", {{"MaxRecords", std::stoi(n)}});
    EXPECT_EQ(j.status, 400);
    EXPECT_EQ(Header(j, "x-amzn-query-error"), "ValidationError;Sender");
  }
  EXPECT_EQ(Query("DescribeAlarms", {{"MaxRecords", "100"}}).status, 200);
  EXPECT_EQ(Query("DescribeAlarms", {{"MaxRecords", "1"}}).status, 200);
}

TEST_F(CloudWatchHandlerTest, BadNextTokenIsInvalidNextToken) {
  EXPECT_EQ(QueryErrorCode(Query("DescribeAlarms", {{"NextToken", "zz"}})), "InvalidNextToken");
  EXPECT_EQ(Header(Json("DescribeAlarms", {{"NextToken", "not-a-token"}}), "x-amzn-query-error"),
            "InvalidNextToken;Sender");
}

TEST_F(CloudWatchHandlerTest, DisableAndEnableAlarmActionsBothProtocols) {
  Response off = Query("DisableAlarmActions",
                       {{"AlarmNames.member.1", "user-journey-analytics-endpoint-latency-high"},
                        {"AlarmNames.member.2", "user-journey-analytics-health"},
                        {"AlarmNames.member.3", "no-such-alarm"}});
  ASSERT_EQ(off.status, 200) << off.body;
  pugi::xml_document doc = Xml(off);
  EXPECT_TRUE(
      doc.child("DisableAlarmActionsResponse").child("ResponseMetadata").child("RequestId"));
  EXPECT_FALSE(doc.child("DisableAlarmActionsResponse").child("DisableAlarmActionsResult"));
  nlohmann::json dump = handler_.Dump();
  EXPECT_EQ(dump["alarms"]["user-journey-analytics-endpoint-latency-high"]["actions_enabled"],
            false);
  EXPECT_EQ(dump["alarms"]["user-journey-analytics-health"]["actions_enabled"], false);
  EXPECT_EQ(dump["alarms"]["user-journey-analytics-health"]["type"], "composite");
  EXPECT_FALSE(dump["alarms"].contains("no-such-alarm"));

  clock_.Advance(std::chrono::seconds(60));
  Response on = Json("EnableAlarmActions", {{"AlarmNames", {"user-journey-analytics-health"}}});
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(on.body, "{}");
  EXPECT_EQ(handler_.Dump()["alarms"]["user-journey-analytics-health"]["actions_enabled"], true);
  nlohmann::json composite = nlohmann::json::parse(
      Json("DescribeAlarms", {{"AlarmTypes", {"CompositeAlarm"}}}).body)["CompositeAlarms"][0];
  EXPECT_EQ(composite["ActionsEnabled"], true);
  EXPECT_EQ(composite["AlarmConfigurationUpdatedTimestamp"], 1440938220.0);
}

TEST_F(CloudWatchHandlerTest, MoreThanHundredAlarmNamesRejected) {
  std::vector<std::pair<std::string, std::string>> params;
  nlohmann::json names = nlohmann::json::array();
  for (int i = 1; i <= 101; ++i) {
    params.emplace_back("AlarmNames.member." + std::to_string(i), "alarm-" + std::to_string(i));
    names.push_back("alarm-" + std::to_string(i));
  }
  for (const char* op : {"DisableAlarmActions", "EnableAlarmActions", "DescribeAlarms"}) {
    SCOPED_TRACE(op);
    Response q = Query(op, params);
    EXPECT_EQ(q.status, 400);
    EXPECT_EQ(QueryErrorCode(q), "ValidationError");
    EXPECT_NE(Xml(q).child("ErrorResponse").child("Error").child_value("Message"), std::string(""))
        << q.body;
    EXPECT_STREQ(Xml(q).child("ErrorResponse").child("Error").child_value("Type"), "Sender");
    Response j = Json(op, {{"AlarmNames", names}});
    EXPECT_EQ(j.status, 400);
    EXPECT_EQ(Header(j, "x-amzn-query-error"), "ValidationError;Sender");
    EXPECT_NE(
        nlohmann::json::parse(j.body)["message"].get<std::string>().find(
            "failed to satisfy constraint: Member must have length less than or equal to 100"),
        std::string::npos);
  }
  params.pop_back();
  EXPECT_EQ(Query("DisableAlarmActions", params).status, 200);
}

TEST_F(CloudWatchHandlerTest, MissingAlarmNamesIsValidationError) {
  EXPECT_EQ(QueryErrorCode(Query("DisableAlarmActions")), "ValidationError");
  EXPECT_EQ(Query("DisableAlarmActions", {{"AlarmNames", ""}}).status, 200);
  EXPECT_EQ(Json("EnableAlarmActions").status, 400);
}

TEST_F(CloudWatchHandlerTest, UnknownActionsAndMalformedBodies) {
  Response q = Query("PutMetricAlarm");
  EXPECT_EQ(q.status, 400);
  EXPECT_EQ(QueryErrorCode(q), "InvalidAction");
  Response j = Json("PutMetricAlarm");
  EXPECT_EQ(j.status, 400);
  EXPECT_EQ(nlohmann::json::parse(j.body)["__type"], "UnknownOperationException");
  Request bad = Base();
  bad.headers.emplace_back("X-Amz-Target", "GraniteServiceVersion20100801.DescribeAlarms");
  bad.body = "{not json";
  EXPECT_EQ(nlohmann::json::parse(handler_.Handle(bad).body)["__type"], "SerializationException");
  Response wrong_type = Json("DescribeAlarms", {{"AlarmNames", "not-a-list"}});
  EXPECT_EQ(wrong_type.status, 400);
  Request empty = Base();
  EXPECT_EQ(QueryErrorCode(handler_.Handle(empty)), "InvalidAction");
  EXPECT_EQ(QueryErrorCode(Query("DescribeAlarms", {{"MaxRecords", "ten"}})), "ValidationError");
}

TEST_F(CloudWatchHandlerTest, IamActionForBothProtocols) {
  Request q = Base();
  q.body = "Action=DisableAlarmActions&Version=2010-08-01";
  EXPECT_EQ(handler_.IamAction(q), "cloudwatch:DisableAlarmActions");
  Request j = Base();
  j.headers.emplace_back("X-Amz-Target", "GraniteServiceVersion20100801.DescribeAlarms");
  EXPECT_EQ(handler_.IamAction(j), "cloudwatch:DescribeAlarms");
  q.body = "Action=PutMetricAlarm";
  EXPECT_EQ(handler_.IamAction(q), "");
  q.body = "Action=DeleteAlarms";
  EXPECT_EQ(handler_.IamAction(q), "cloudwatch:DeleteAlarms");
}

TEST_F(CloudWatchHandlerTest, ThrottledAndAccessDeniedPerProtocol) {
  Request q = Base();
  EXPECT_EQ(QueryErrorCode(handler_.Throttled(q)), "Throttling");
  EXPECT_EQ(handler_.AccessDenied(q, "no").status, 403);
  EXPECT_EQ(QueryErrorCode(handler_.AccessDenied(q, "no")), "AccessDenied");
  Request j = Base();
  j.headers.emplace_back("X-Amz-Target", "GraniteServiceVersion20100801.DescribeAlarms");
  EXPECT_EQ(Header(handler_.Throttled(j), "x-amzn-query-error"), "Throttling;Sender");
  EXPECT_EQ(Header(handler_.AccessDenied(j, "no"), "x-amzn-query-error"), "AccessDenied;Sender");
}

TEST_F(CloudWatchHandlerTest, GenerateAddsMetricAndCompositeAlarms) {
  nlohmann::json estate = DemoEstate();
  handler_.Generate({{"alarms", 100}}, estate);
  handler_.Load(estate);
  nlohmann::json alarms = handler_.Dump()["alarms"];
  EXPECT_EQ(alarms.size(), 112u);
  EXPECT_EQ(alarms["generated-alarm-00049"]["type"], "composite");
  EXPECT_EQ(alarms["generated-alarm-00009"]["actions_enabled"], false);
  Response r = Json("DescribeAlarms", {{"AlarmNamePrefix", "generated-"}, {"MaxRecords", 100}});
  EXPECT_EQ(JsonNames(r, "MetricAlarms").size(), 98u);
}

TEST_F(CloudWatchHandlerTest, RandomRequestsGetWellFormedAnswers) {
  std::mt19937 rng(42);
  const std::vector<std::string> pieces = {"Action=DescribeAlarms",
                                           "Action=DisableAlarmActions",
                                           "Version=2010-08-01",
                                           "MaxRecords=%zz",
                                           "AlarmNames.member.1=",
                                           "NextToken=00",
                                           "AlarmTypes.member.1=x",
                                           "&&",
                                           "=",
                                           "%",
                                           "{\"AlarmNames\":[1]}",
                                           "{\"MaxRecords\":\"5\"}",
                                           "[]",
                                           "null",
                                           "{"};
  for (int i = 0; i < 500; ++i) {
    Request r = Base();
    bool json = rng() % 2 == 0;
    if (json)
      r.headers.emplace_back("X-Amz-Target",
                             rng() % 4 ? "GraniteServiceVersion20100801.DescribeAlarms" : "x");
    for (int n = rng() % 5; n > 0; --n)
      r.body += pieces[rng() % pieces.size()] + (rng() % 2 ? "&" : "");
    Response out = handler_.Handle(r);
    SCOPED_TRACE(r.body);
    ASSERT_TRUE(out.status == 200 || (out.status >= 400 && out.status < 500)) << out.status;
    if (json) {
      EXPECT_FALSE(nlohmann::json::parse(out.body, nullptr, false).is_discarded()) << out.body;
    } else {
      pugi::xml_document doc;
      EXPECT_TRUE(doc.load_string(out.body.c_str())) << out.body;
    }
  }
}

}  // namespace
}  // namespace sandbox
