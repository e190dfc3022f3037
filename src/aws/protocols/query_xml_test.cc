#include "aws/protocols/query_xml.h"

#include <gtest/gtest.h>

namespace arm::query_xml {
namespace {

HttpResponse Response(int status, std::string body, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(QueryXmlTest, RequestIsFormPostWithActionAndVersionFirst) {
  HttpRequest request = BuildRequest("GetCallerIdentity", "2011-06-15", {});
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/");
  EXPECT_EQ(request.query, "");
  ASSERT_NE(request.Header("Content-Type"), nullptr);
  EXPECT_EQ(*request.Header("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(request.body, "Action=GetCallerIdentity&Version=2011-06-15");
}

TEST(QueryXmlTest, ListMembersAndNestedKeysKeepTheirOrder) {
  HttpRequest request =
      BuildRequest("DisableAlarmActions", "2010-08-01",
                   {{"AlarmNames.member.1", "cpu high"}, {"AlarmNames.member.2", "disk/full"}});
  EXPECT_EQ(request.body,
            "Action=DisableAlarmActions&Version=2010-08-01&AlarmNames.member.1="
            "cpu%20high&AlarmNames.member.2=disk%2Ffull");
  HttpRequest tags = BuildRequest("TagResource", "2010-03-31",
                                  {{"ResourceArn", "arn:aws:sns:us-east-1:123456789012:t"},
                                   {"Tags.member.1.Key", "arm:parked"},
                                   {"Tags.member.1.Value", "true"}});
  EXPECT_EQ(tags.body,
            "Action=TagResource&Version=2010-03-31&ResourceArn=arn%3Aaws%3Asns%"
            "3Aus-east-1%3A123456789012%3At"
            "&Tags.member.1.Key=arm%3Aparked&Tags.member.1.Value=true");
}

TEST(QueryXmlTest, FormEncodingIsRfc3986) {
  EXPECT_EQ(EncodeForm({{"a", "x y+z&w=v~_.-*"}, {"b", ""}, {"c", "\xc3\xa9/?#%"}}),
            "a=x%20y%2Bz%26w%3Dv~_.-%2A&b=&c=%C3%A9%2F%3F%23%25");
  EXPECT_EQ(EncodeForm({}), "");
}

TEST(QueryXmlTest, ParsesResultAndRequestId) {
  Result<QueryResponse> out = ParseResponse(
      Response(200,
               R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AKIAI44QH8DHBEXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>)"),
      "GetCallerIdentity");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_STREQ(out->result.name(), "GetCallerIdentityResult");
  EXPECT_STREQ(out->result.child("Account").text().as_string(), "123456789012");
  EXPECT_EQ(out->request_id, "01234567-89ab-cdef-0123-456789abcdef");
}

TEST(QueryXmlTest, ResultNodeOutlivesTheResponseObject) {
  pugi::xml_node members;
  std::shared_ptr<pugi::xml_document> keep;
  {
    Result<QueryResponse> out =
        ParseResponse(Response(200,
                               "<DescribeAlarmsResponse><DescribeAlarmsResult><MetricAlarms><"
                               "member><AlarmName>a&amp;b</AlarmName>"
                               "</member><member><AlarmName>c</AlarmName></member></"
                               "MetricAlarms></DescribeAlarmsResult>"
                               "</DescribeAlarmsResponse>"),
                      "DescribeAlarms");
    ASSERT_TRUE(out.ok());
    keep = out->doc;
    members = out->result.child("MetricAlarms");
  }
  std::vector<std::string> names;
  for (pugi::xml_node m : members.children("member"))
    names.push_back(m.child("AlarmName").text().as_string());
  EXPECT_EQ(names, (std::vector<std::string>{"a&b", "c"}));
}

TEST(QueryXmlTest, ActionsWithoutResultUseTheRootAndHeaderRequestId) {
  Result<QueryResponse> out =
      ParseResponse(Response(200,
                             "<PutMetricAlarmResponse "
                             "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"/>",
                             {{"x-amzn-RequestId", "hdr-id"}}),
                    "PutMetricAlarm");
  ASSERT_TRUE(out.ok());
  EXPECT_STREQ(out->result.name(), "PutMetricAlarmResponse");
  EXPECT_EQ(out->request_id, "hdr-id");
}

TEST(QueryXmlTest, MalformedSuccessBodyIsAnError) {
  for (const char* body : {"", "<GetCallerIdentityResponse><unclosed>", "not xml at all"}) {
    Result<QueryResponse> out = ParseResponse(Response(200, body), "GetCallerIdentity");
    ASSERT_FALSE(out.ok()) << body;
    EXPECT_EQ(out.status().aws_code(), "MalformedResponse");
  }
}

TEST(QueryXmlTest, ParsesErrorResponse) {
  // STS with a bad key, as the service answers.
  Status s =
      ParseError(Response(403, R"(<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>InvalidClientTokenId</Code>
    <Message>The security token included in the request is invalid.</Message>
  </Error>
  <RequestId>4e9a8c7c-1d3c-4c6f-9a52-2e8a7b2f0c11</RequestId>
</ErrorResponse>
)"));
  EXPECT_EQ(s.code(), StatusCode::kCredentials);
  EXPECT_EQ(s.aws_code(), "InvalidClientTokenId");
  EXPECT_EQ(s.message(), "The security token included in the request is invalid.");
  EXPECT_EQ(s.http_status(), 403);
  EXPECT_EQ(s.request_id(), "4e9a8c7c-1d3c-4c6f-9a52-2e8a7b2f0c11");
  EXPECT_FALSE(s.retryable());
}

TEST(QueryXmlTest, ThrottlingErrorIsRetryable) {
  Status s = ParseError(Response(400,
                                 "<ErrorResponse "
                                 "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/"
                                 "\"><Error><Type>Sender</Type>"
                                 "<Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
                                 "<RequestId>rid-cw</RequestId></ErrorResponse>"));
  EXPECT_EQ(s.aws_code(), "Throttling");
  EXPECT_TRUE(s.throttling());
  EXPECT_TRUE(s.retryable());
  EXPECT_EQ(s.request_id(), "rid-cw");
}

TEST(QueryXmlTest, ToleratesTheEc2ErrorShape) {
  Status s =
      ParseError(Response(400, R"(<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code>
<Message>Invalid id: "1343124"</Message></Error></Errors><RequestID>12345</RequestID></Response>)"));
  EXPECT_EQ(s.aws_code(), "InvalidInstanceID.Malformed");
  EXPECT_EQ(s.message(), "Invalid id: \"1343124\"");
  EXPECT_EQ(s.request_id(), "12345");
}

TEST(QueryXmlTest, AuthorizationErrorIsPermission) {
  Status s = ParseError(Response(403,
                                 "<ErrorResponse "
                                 "xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/"
                                 "\"><Error><Type>Sender</Type>"
                                 "<Code>AuthorizationError</Code><Message>User: "
                                 "arn:aws:iam::123456789012:user/x is not authorized to perform: "
                                 "SNS:TagResource</Message></Error><RequestId>r</RequestId></"
                                 "ErrorResponse>"));
  EXPECT_EQ(s.code(), StatusCode::kPermission);
}

TEST(QueryXmlTest, MalformedErrorBodiesGiveUnknownErrorWithStatus) {
  for (const char* body : {"", "<html><body><h1>503 Service Unavailable</h1>",
                           "<ErrorResponse><Error><Message>no code</Message>"
                           "</Error></ErrorResponse>",
                           "{\"json\":true}"}) {
    Status s = ParseError(Response(503, body, {{"x-amzn-RequestId", "hdr"}}));
    EXPECT_EQ(s.aws_code(), "UnknownError") << body;
    EXPECT_EQ(s.http_status(), 503) << body;
    EXPECT_EQ(s.request_id(), "hdr") << body;
    EXPECT_TRUE(s.retryable()) << body;
  }
}

}  // namespace
}  // namespace arm::query_xml
