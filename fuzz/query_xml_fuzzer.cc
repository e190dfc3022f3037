// Query-protocol XML answers (CloudWatch, STS, SNS): the error parser, the
// success parser, and a whole call through AwsClient into the CloudWatch,
// STS and SNS clients' readers.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>

#include "aws/protocols/query_xml.h"
#include "fuzz/fuzz_util.h"
#include "services/cloudwatch_client.h"
#include "services/sns_client.h"
#include "services/sts_client.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider provider(data, size);
  uint8_t op = provider.ConsumeIntegral<uint8_t>();
  arm::HttpResponse response = arm::fuzz::ConsumeResponse(provider);

  (void)arm::query_xml::ParseError(response);
  (void)arm::query_xml::ParseResponse(response, "DescribeAlarms");

  arm::HttpResponse last_page;
  last_page.status = 200;
  last_page.body = "<DescribeAlarmsResponse/>";
  arm::fuzz::ClientFixture fixture(std::move(response), last_page);
  switch (op % 4) {
    case 0: {
      arm::CloudWatchClient cloudwatch(fixture.client);
      (void)cloudwatch.DescribeAlarms({.name_prefix = "p-"});
      break;
    }
    case 1: {
      arm::CloudWatchClient cloudwatch(fixture.client);
      (void)cloudwatch.DisableAlarmActions({"a", "b"});
      break;
    }
    case 2: {
      arm::StsClient sts(fixture.client);
      (void)sts.GetCallerIdentity();
      break;
    }
    default: {
      arm::SnsClient sns(fixture.client);
      (void)sns.Publish("arn:aws:sns:us-east-1:1:t", "subject", "message");
      break;
    }
  }
  return 0;
}
