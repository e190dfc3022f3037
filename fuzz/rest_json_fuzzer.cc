// restJson1 answers (Lambda): the error parser, the success parser, and a
// whole call through AwsClient into the Lambda client's decoders.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>

#include "aws/protocols/rest_json.h"
#include "fuzz/fuzz_util.h"
#include "services/lambda_client.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider provider(data, size);
  uint8_t op = provider.ConsumeIntegral<uint8_t>();
  arm::HttpResponse response = arm::fuzz::ConsumeResponse(provider);

  (void)arm::rest_json::ParseError(response);
  (void)arm::rest_json::ParseResponse(response);

  arm::HttpResponse last_page;
  last_page.status = 200;
  last_page.body = "{}";
  arm::fuzz::ClientFixture fixture(std::move(response), last_page);
  arm::LambdaClient lambda(fixture.client);
  switch (op % 5) {
    case 0:
      (void)lambda.ListFunctions();
      break;
    case 1:
      (void)lambda.GetFunction("f");
      break;
    case 2:
      (void)lambda.GetFunctionConcurrency("f");
      break;
    case 3:
      (void)lambda.GetAccountSettings();
      break;
    default:
      (void)lambda.ListTags("arn:aws:lambda:us-east-1:1:function:f");
      break;
  }
  return 0;
}
