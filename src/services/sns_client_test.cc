#include "services/sns_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

TEST(SnsClientTest, PublishSendsTopicSubjectMessageAndReturnsMessageId) {
  testing::ServiceTestEnv env;
  env.EnqueueXml(
      "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
      "<PublishResult><MessageId>m-123</MessageId></PublishResult>"
      "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
      "</PublishResponse>");
  auto r = SnsClient(env.client())
               .Publish("arn:aws:sns:us-east-1:1:ops", "Stopped 3 resources", "line 1\nline & 2");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "m-123");
  EXPECT_EQ(env.Form(0),
            (std::map<std::string, std::string>{{"Action", "Publish"},
                                                {"Version", "2010-03-31"},
                                                {"TopicArn", "arn:aws:sns:us-east-1:1:ops"},
                                                {"Subject", "Stopped 3 resources"},
                                                {"Message", "line 1\nline & 2"}}));
}

TEST(SnsClientTest, EmptySubjectIsLeftOut) {
  testing::ServiceTestEnv env;
  env.EnqueueXml(
      "<PublishResponse><PublishResult><MessageId>m</MessageId>"
      "</PublishResult></PublishResponse>");
  ASSERT_TRUE(SnsClient(env.client()).Publish("arn:t", "", "hi").ok());
  EXPECT_EQ(env.Form(0).count("Subject"), 0u);
}

TEST(SnsClientTest, MissingTopicIsNotFound) {
  testing::ServiceTestEnv env;
  env.EnqueueXml(
      "<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code>"
      "<Message>Topic does not exist</Message></Error>"
      "<RequestId>r</RequestId></ErrorResponse>",
      404);
  auto r = SnsClient(env.client()).Publish("arn:t", "s", "m");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound());
  EXPECT_TRUE(r.status().IsAws("NotFound"));
}

}  // namespace
}  // namespace arm
