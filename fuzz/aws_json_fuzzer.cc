// awsJson 1.0/1.1 answers: the error parser, the success parser, and a whole
// call through AwsClient (retry policy included) into the service clients'
// decoders (Kinesis, SageMaker, DynamoDB, Application Auto Scaling, Resource
// Groups Tagging), fed by a transport that serves the fuzzed answer.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>

#include "aws/protocols/aws_json.h"
#include "fuzz/fuzz_util.h"
#include "services/autoscaling_client.h"
#include "services/dynamodb_client.h"
#include "services/kinesis_client.h"
#include "services/sagemaker_client.h"
#include "services/tagging_client.h"

namespace {

void CallOperation(uint8_t op, arm::AwsClient& client) {
  arm::KinesisClient kinesis(client);
  arm::SageMakerClient sagemaker(client);
  arm::DynamoDbClient dynamodb(client);
  arm::AutoScalingClient autoscaling(client);
  arm::TaggingClient tagging(client);
  switch (op % 13) {
    case 0:
      (void)kinesis.ListStreams();
      break;
    case 1:
      (void)kinesis.DescribeStreamSummary("s");
      break;
    case 2:
      (void)kinesis.ListTagsForStream("s");
      break;
    case 3:
      (void)sagemaker.ListEndpoints();
      break;
    case 4:
      (void)sagemaker.DescribeEndpoint("e");
      break;
    case 5:
      (void)sagemaker.DescribeEndpointConfig("c");
      break;
    case 6:
      (void)sagemaker.ListTags("arn:aws:sagemaker:us-east-1:1:endpoint/e");
      break;
    case 7:
      (void)dynamodb.ListTables();
      break;
    case 8:
      (void)dynamodb.DescribeTable("t");
      break;
    case 9:
      (void)autoscaling.DescribeScalableTargets("sagemaker", {"endpoint/e/variant/v"});
      break;
    case 10:
      (void)autoscaling.DescribeScalingPolicies("dynamodb", "table/t");
      break;
    case 11:
      (void)tagging.GetResources({{"k", {"v"}}}, {"kinesis"});
      break;
    default:
      (void)sagemaker.DescribeModel("m");
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider provider(data, size);
  uint8_t op = provider.ConsumeIntegral<uint8_t>();
  arm::HttpResponse response = arm::fuzz::ConsumeResponse(provider);

  (void)arm::aws_json::ParseError(response);
  (void)arm::aws_json::ParseResponse(response);

  arm::HttpResponse last_page;
  last_page.status = 200;
  last_page.body = "{}";
  arm::fuzz::ClientFixture fixture(std::move(response), last_page);
  CallOperation(op, fixture.client);
  return 0;
}
