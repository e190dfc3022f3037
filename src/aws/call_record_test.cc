#include "aws/call_record.h"

#include <gtest/gtest.h>

#include <thread>

#include "aws/aws_client.h"
#include "aws/protocols/aws_json.h"
#include "core/environment.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_transport.h"

namespace arm {
namespace {

void Report(const std::string& op) {
  CallRecord r;
  r.operation = op;
  if (CallObserver* o = ScopedCallObserver::Current()) o->OnCall(r);
}

TEST(CallRecordTest, ScopeCollectsOnlyItsThreadsCalls) {
  CallLog a, b;
  std::thread ta([&] {
    ScopedCallObserver scope(&a);
    for (int i = 0; i < 100; ++i) Report("A");
  });
  std::thread tb([&] {
    ScopedCallObserver scope(&b);
    for (int i = 0; i < 50; ++i) Report("B");
  });
  ta.join();
  tb.join();
  ASSERT_EQ(a.Records().size(), 100u);
  ASSERT_EQ(b.Records().size(), 50u);
  for (const auto& r : a.Records()) EXPECT_EQ(r.operation, "A");
  for (const auto& r : b.Records()) EXPECT_EQ(r.operation, "B");
}

TEST(CallRecordTest, ScopesNestAndRestoreThePreviousObserver) {
  CallLog outer, inner;
  EXPECT_EQ(ScopedCallObserver::Current(), nullptr);
  {
    ScopedCallObserver s1(&outer);
    {
      ScopedCallObserver s2(&inner);
      Report("in");
    }
    Report("out");
  }
  EXPECT_EQ(ScopedCallObserver::Current(), nullptr);
  Report("nobody");  // no observer: dropped
  ASSERT_EQ(inner.Records().size(), 1u);
  EXPECT_EQ(inner.Records()[0].operation, "in");
  ASSERT_EQ(outer.Records().size(), 1u);
  EXPECT_EQ(outer.Records()[0].operation, "out");
}

// The AwsClient end of the hook: one record per call, after its retries.
TEST(CallRecordTest, AwsClientReportsOperationAttemptsRequestIdAndDuration) {
  testing::FakeTransport transport;
  testing::FakeClock clock;
  StaticCredentialsProvider creds(Credentials{"AKID", "secret", "token", std::nullopt, "static"});
  MapEnvironment env;
  EndpointResolver resolver(EndpointConfig{"us-east-1", "http://127.0.0.1:4566", "", false}, env);
  RetryOptions retry;
  retry.seed = 7;
  AwsClient client(transport, creds, resolver, clock, retry);
  const aws_json::JsonService kinesis{services::kKinesis, "Kinesis_20131202", "1.1"};
  transport.Enqueue(400, R"({"__type":"ThrottlingException","message":"slow"})",
                    {{"x-amzn-RequestId", "r1"}});
  transport.Enqueue(200, "{}", {{"x-amzn-RequestId", "r2"}});
  transport.Enqueue(400, R"({"__type":"ResourceNotFoundException","message":"no"})",
                    {{"x-amzn-RequestId", "r3"}});

  CallLog log;
  {
    ScopedCallObserver observe(&log);
    ASSERT_TRUE(aws_json::Call(client, kinesis, "UpdateShardCount", nlohmann::json::object()).ok());
    ASSERT_FALSE(
        aws_json::Call(client, kinesis, "DescribeStreamSummary", nlohmann::json::object()).ok());
  }
  transport.Enqueue(200, "{}");
  ASSERT_TRUE(aws_json::Call(client, kinesis, "ListStreams", nlohmann::json::object())
                  .ok());  // not observed

  auto records = log.Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].service, "kinesis");
  EXPECT_EQ(records[0].operation, "UpdateShardCount");
  EXPECT_EQ(records[0].attempts, 2);
  EXPECT_EQ(records[0].request_id, "r2");
  EXPECT_EQ(records[0].http_status, 200);
  EXPECT_TRUE(records[0].ok);
  EXPECT_EQ(records[0].duration_ms,
            clock.sleeps().at(0).count());  // the back-off is part of the call
  EXPECT_EQ(records[1].operation, "DescribeStreamSummary");
  EXPECT_FALSE(records[1].ok);
  EXPECT_EQ(records[1].error_code, "ResourceNotFoundException");
  EXPECT_EQ(records[1].request_id, "r3");
  EXPECT_EQ(records[1].http_status, 400);
  EXPECT_EQ(records[1].attempts, 1);
}

}  // namespace
}  // namespace arm
