#pragma once
// restXml (S3): method + path, XML bodies, errors as <Error><Code>. S3 is
// addressed virtual-hosted (bucket.s3.region.amazonaws.com) or path-style
// (endpoint overrides, and bucket names that are not DNS-compatible).
#include <map>
#include <string>

#include "aws/aws_client.h"

namespace arm::rest_xml {

struct RestXmlRequest {
  std::string method;
  std::string bucket;
  std::string key;  // unencoded
  std::map<std::string, std::string> query;
  Headers headers;
  std::string body;
};

Result<HttpResponse> Call(AwsClient& client, const ServiceSpec& service, const RestXmlRequest& request,
                          CallStats* stats = nullptr);
Status ParseError(const HttpResponse& response);

}  // namespace arm::rest_xml
