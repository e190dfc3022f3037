#pragma once
// restXml (S3): method + path, XML bodies, errors as <Error><Code>. S3 is
// addressed virtual-hosted (bucket.s3.region.amazonaws.com) or path-style
// (endpoint overrides, and bucket names that are not DNS-compatible).
#include <map>
#include <string>
#include <string_view>

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

Result<HttpResponse> Call(AwsClient& client, const ServiceSpec& service,
                          const RestXmlRequest& request, CallStats* stats = nullptr);
Status ParseError(const HttpResponse& response);

// Whether `bucket` can be a host label: 3-63 lower-case letters, digits and
// hyphens. Names with dots are addressed path-style, as TLS wildcard
// certificates do not cover them.
bool IsVirtualHostableBucket(std::string_view bucket);
// The pure half of Call(), for tests. Virtual-hosted puts "bucket." in
// HttpRequest::host (AwsClient prepends it to the endpoint's host); path-style
// when `endpoint_overridden` or the bucket is not virtual-hostable.
Result<HttpRequest> BuildRequest(const RestXmlRequest& request, bool endpoint_overridden);

}  // namespace arm::rest_xml
