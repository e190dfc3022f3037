#include "resources/iam_policy.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "aws/aws_client.h"
#include "resources/registry.h"
#include "services/autoscaling_client.h"
#include "services/cloudwatch_client.h"
#include "services/dynamodb_client.h"
#include "services/kinesis_client.h"
#include "services/lambda_client.h"
#include "services/sagemaker_client.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_transport.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

TEST(IamPolicyTest, DocsPolicyMatchesWhatTheActionsDeclare) {
  testing::FakeTransport transport;
  testing::FakeClock clock;
  StaticCredentialsProvider creds({"AKID", "secret", "", std::nullopt, "static"});
  MapEnvironment env;
  EndpointResolver endpoints({"us-east-1", "", "", false}, env);
  AwsClient client(transport, creds, endpoints, clock, RetryOptions{});
  SageMakerClient sm(client);
  AutoScalingClient aas(client);
  KinesisClient kinesis(client);
  LambdaClient lambda(client);
  CloudWatchClient cw(client);
  DynamoDbClient ddb(client);
  auto types = MakeResourceTypes({&sm, &aas, &kinesis, &lambda, &cw, &ddb, &clock});
  std::vector<const ResourceType*> ptrs;
  for (const auto& t : types) ptrs.push_back(t.get());
  nlohmann::json policy = BuildIamPolicy(ptrs);

  std::ifstream in(testing::SourceDir() + "/docs/iam-policy.json");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json committed = nlohmann::json::parse(text.str(), nullptr, false);
  EXPECT_EQ(committed, policy) << "docs/iam-policy.json is out of date; replace it with:\n" << policy.dump(2);
  EXPECT_TRUE(transport.requests().empty());
}

}  // namespace
}  // namespace arm
