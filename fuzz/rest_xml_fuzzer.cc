// restXml answers (S3): the error parser (bodiless answers included) and a
// whole call through AwsClient into the S3 client.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>

#include "aws/protocols/rest_xml.h"
#include "fuzz/fuzz_util.h"
#include "services/s3_client.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider provider(data, size);
  uint8_t op = provider.ConsumeIntegral<uint8_t>();
  arm::HttpResponse response = arm::fuzz::ConsumeResponse(provider);

  (void)arm::rest_xml::ParseError(response);

  arm::HttpResponse last;
  last.status = 200;
  arm::fuzz::ClientFixture fixture(std::move(response), last);
  arm::S3Client s3(fixture.client);
  switch (op % 3) {
    case 0:
      (void)s3.GetObject("state-bucket", "project/state.json");
      break;
    case 1:
      (void)s3.HeadObject("state-bucket", "project/state.json");
      break;
    default:
      (void)s3.PutObject("state-bucket", "project/state.json", "{}");
      break;
  }
  return 0;
}
