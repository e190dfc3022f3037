#include "services/s3_client.h"

#include "aws/protocols/rest_xml.h"
#include "services/wire_util.h"

namespace arm {
namespace {

// HEAD answers carry no body, so a missing object is only its 404.
Status MapNotFound(const Status& s) {
  if (s.http_status() == 404) return s.AsNotFound();
  return wire::NotFoundIf(s, {"NoSuchKey", "NoSuchBucket", "NotFound"});
}

}  // namespace

Status S3Client::PutObject(const std::string& bucket, const std::string& key,
                           const std::string& body, const std::string& sse,
                           const std::string& expected_owner) {
  rest_xml::RestXmlRequest request;
  request.method = "PUT";
  request.bucket = bucket;
  request.key = key;
  if (!sse.empty()) request.headers.emplace_back("x-amz-server-side-encryption", sse);
  if (!expected_owner.empty())
    request.headers.emplace_back("x-amz-expected-bucket-owner", expected_owner);
  request.body = body;
  CallStats stats;
  stats.operation = "PutObject";
  return rest_xml::Call(client_, services::kS3, request, &stats).status();
}

Result<std::string> S3Client::GetObject(const std::string& bucket, const std::string& key,
                                        const std::string& expected_owner) {
  rest_xml::RestXmlRequest request;
  request.method = "GET";
  request.bucket = bucket;
  request.key = key;
  if (!expected_owner.empty())
    request.headers.emplace_back("x-amz-expected-bucket-owner", expected_owner);
  CallStats stats;
  stats.operation = "GetObject";
  Result<HttpResponse> r = rest_xml::Call(client_, services::kS3, request, &stats);
  if (!r.ok()) return MapNotFound(r.status());
  return std::move(r->body);
}

Status S3Client::HeadObject(const std::string& bucket, const std::string& key) {
  rest_xml::RestXmlRequest request;
  request.method = "HEAD";
  request.bucket = bucket;
  request.key = key;
  CallStats stats;
  stats.operation = "HeadObject";
  Result<HttpResponse> r = rest_xml::Call(client_, services::kS3, request, &stats);
  return r.ok() ? Status::Ok() : MapNotFound(r.status());
}

}  // namespace arm
