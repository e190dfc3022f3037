#include "sandbox/s3_handler.h"

#include <cctype>
#include <ctime>
#include <map>

#include "aws/sigv4.h"
#include "sandbox/estate_util.h"
#include "sandbox/s3_wire.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

using s3::AwsChunked;
using s3::Base64;
using s3::ByteRange;
using s3::DecodeAwsChunked;
using s3::HttpDate;
using s3::IsAccountId;
using s3::IsIpv4;
using s3::Lower;
using s3::Md5;
using s3::ParseRange;

struct Object {
  std::string data;
  std::string etag;  // quoted md5 hex
  std::string content_type;
  std::string sse;
  std::string kms_key_id;
  std::chrono::system_clock::time_point last_modified;
  arm::Headers metadata;   // x-amz-meta-*
  arm::Headers checksums;  // x-amz-checksum-*, as the client sent them
};

struct Bucket {
  std::string owner;  // account id: the estate's, or the bucket's "Owner"
  std::map<std::string, std::string> tags;
  std::map<std::string, Object> objects;
};

struct Target {
  std::string bucket;
  std::string key;
};

// Virtual-hosted ("bucket.s3.amazonaws.com", "bucket.s3.us-east-1...",
// "bucket.localhost") or path-style ("/bucket/key").
Target Resolve(const Request& request) {
  Target t;
  const std::string* host_header = request.Header("Host");
  std::string host = host_header != nullptr ? Lower(*host_header) : "";
  host = host.substr(0, host.find(':'));
  std::string path = arm::UriDecode(request.path);
  if (!path.empty() && path[0] == '/') path.erase(0, 1);
  std::string bucket;
  if (!IsIpv4(host) && host != "localhost") {
    size_t s3 = host.find(".s3.");
    if (s3 == std::string::npos) s3 = host.find(".s3-");
    if (s3 != std::string::npos && s3 > 0) {
      bucket = host.substr(0, s3);
    } else if (host.size() > 10 && host.ends_with(".localhost")) {
      bucket = host.substr(0, host.size() - 10);
    }
  }
  if (!bucket.empty()) {
    t.bucket = bucket;
    t.key = path;
    return t;
  }
  size_t slash = path.find('/');
  t.bucket = path.substr(0, slash);
  t.key = slash == std::string::npos ? "" : path.substr(slash + 1);
  return t;
}

class S3Handler final : public ServiceHandler {
 public:
  explicit S3Handler(const Context& context) : ServiceHandler("s3"), context_(context) {}

  std::string IamAction(const Request& request) const override {
    std::string op = Operation(request);
    if (op == "PutObject") return "s3:PutObject";
    if (op == "GetObject" || op == "HeadObject") return "s3:GetObject";
    return "";
  }

  // Object operations: arn:aws:s3:::BUCKET/KEY (S3 ARNs carry no region
  // or account).
  std::vector<std::string> IamResources(const Request& request) const override {
    Target t = Resolve(request);
    return {"arn:" + IamPartition(request.region) + ":s3:::" + t.bucket + "/" + t.key};
  }

  // Since 2024 S3 names the action and resource for same-account requests,
  // as the other services do.
  Response AccessDenied(const Request& request, const std::string& message) const override {
    return S3Error(403, "AccessDenied", message.empty() ? "Access Denied" : message, request.path);
  }

  Response Throttled(const Request& request) const override {
    return S3Error(503, "SlowDown", "Please reduce your request rate.", request.path);
  }

  Response Handle(const Request& request) override {
    std::string op = Operation(request);
    if (op.empty()) {
      return S3Error(501, "NotImplemented",
                     "A header you provided implies functionality that is not implemented",
                     request.path);
    }
    Target t = Resolve(request);
    auto bucket = buckets_.find(t.bucket);
    if (bucket == buckets_.end()) {
      if (op == "HeadObject") return Bare(404);
      return S3Error(404, "NoSuchBucket", "The specified bucket does not exist", "/" + t.bucket);
    }
    // As S3 does: a request that names the owner it expects is refused
    // when the bucket belongs to another account (it changed hands).
    if (const std::string* expected = request.Header("x-amz-expected-bucket-owner")) {
      if (!IsAccountId(*expected)) {
        return S3Error(
            400, "InvalidBucketOwnerAWSAccountID",
            "The value of the expected bucket owner parameter must be an AWS Account ID... [" +
                *expected + "]",
            "/" + t.bucket);
      }
      if (*expected != bucket->second.owner) {
        if (op == "HeadObject") return Bare(403);
        return S3Error(403, "AccessDenied", "Access Denied", "/" + t.bucket + "/" + t.key);
      }
    }
    if (op == "PutObject") return PutObject(request, t, bucket->second);
    return GetObject(request, t, bucket->second, op == "HeadObject");
  }

  void Load(const nlohmann::json& estate) override {
    buckets_.clear();
    for (const auto& b : EstateList(estate, "s3", "buckets")) {
      std::string name = b.value("Name", "");
      if (name.empty()) continue;
      Bucket& bucket = buckets_[name];
      bucket.owner = b.value("Owner", context_.account_id);
      bucket.tags = TagsFromJson(b.value("Tags", nlohmann::json()));
      // Objects as Dump() writes them (text bodies): a copy already there.
      for (const auto& o : b.value("Objects", nlohmann::json::array())) {
        Object object;
        object.data = o.value("Body", "");
        object.etag = "\"" + Md5(object.data, /*hex=*/true) + "\"";
        object.content_type = o.value("ContentType", "binary/octet-stream");
        object.sse = o.value("ServerSideEncryption", "AES256");
        object.last_modified =
            std::chrono::time_point_cast<std::chrono::seconds>(context_.clock->Now());
        bucket.objects[o.value("Key", "")] = std::move(object);
      }
    }
  }

  nlohmann::json Dump() const override {
    nlohmann::json buckets = nlohmann::json::array();
    for (const auto& [name, b] : buckets_) {
      nlohmann::json objects = nlohmann::json::array();
      for (const auto& [key, o] : b.objects) {
        nlohmann::json j = {{"Key", key},
                            {"Size", o.data.size()},
                            {"ETag", o.etag},
                            {"ContentType", o.content_type},
                            {"ServerSideEncryption", o.sse},
                            {"LastModified", arm::FormatIso8601(o.last_modified)}};
        if (!o.kms_key_id.empty()) j["SSEKMSKeyId"] = o.kms_key_id;
        bool text = true;
        for (unsigned char c : o.data) {
          if (c >= 0x80 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
            text = false;
            break;
          }
        }
        if (text) {
          j["Body"] = o.data;
        } else {
          j["BodyBase64"] = Base64(o.data);
        }
        objects.push_back(std::move(j));
      }
      buckets.push_back({{"Name", name}, {"Objects", objects}});
    }
    return {{"buckets", buckets}};
  }

  void CollectTagged(std::vector<TaggedResource>& out) const override {
    for (const auto& [name, b] : buckets_) {
      if (!b.tags.empty()) out.push_back({"arn:aws:s3:::" + name, b.tags});
    }
  }

 private:
  static std::string Operation(const Request& request) {
    if (!request.query.empty() && request.query.find("x-id=") != 0) {
      // Sub-resources (?acl, ?tagging, ?uploads, ...) are not implemented;
      // only GetObject's plain parameters are accepted.
      FormParams params = ParseForm(request.query);
      for (const auto& [k, v] : params) {
        if (k != "x-id" && k.rfind("response-", 0) != 0 && k != "partNumber" && k != "versionId")
          return "";
      }
    }
    Target t = Resolve(request);
    if (t.bucket.empty() || t.key.empty()) return "";
    if (request.method == "PUT")
      return request.Header("x-amz-copy-source") != nullptr ? "" : "PutObject";
    if (request.method == "GET") return "GetObject";
    if (request.method == "HEAD") return "HeadObject";
    return "";
  }

  static Response Bare(int status) {
    Response r;
    r.status = status;
    r.content_type = "application/xml";
    r.headers.emplace_back("x-amz-request-id", NewRequestId());
    return r;
  }

  Response PutObject(const Request& request, const Target& t, Bucket& bucket) {
    Object o;
    o.data = request.body;
    const std::string* sha = request.Header("x-amz-content-sha256");
    const std::string* encoding = request.Header("Content-Encoding");
    if ((sha != nullptr && sha->rfind("STREAMING-", 0) == 0) ||
        (encoding != nullptr && encoding->find("aws-chunked") != std::string::npos)) {
      std::optional<AwsChunked> decoded = DecodeAwsChunked(request.body);
      if (decoded) {
        o.data = std::move(decoded->data);
        o.checksums = std::move(decoded->trailers);
      } else {
        return S3Error(400, "IncompleteBody", "The request body terminated unexpectedly",
                       "/" + t.bucket + "/" + t.key);
      }
      std::erase_if(o.checksums,
                    [](const auto& h) { return h.first.rfind("x-amz-checksum-", 0) != 0; });
    }
    if (const std::string* md5 = request.Header("Content-MD5")) {
      if (*md5 != Md5(o.data, /*hex=*/false)) {
        return S3Error(400, "BadDigest",
                       "The Content-MD5 you specified did not match what we received.",
                       "/" + t.bucket + "/" + t.key);
      }
    }
    std::string sse = "AES256";
    if (const std::string* h = request.Header("x-amz-server-side-encryption")) sse = *h;
    if (sse != "AES256" && sse != "aws:kms" && sse != "aws:kms:dsse") {
      return S3Error(400, "InvalidArgument", "The encryption method specified is not supported",
                     "/" + t.bucket + "/" + t.key);
    }
    o.sse = sse;
    if (const std::string* h = request.Header("x-amz-server-side-encryption-aws-kms-key-id"))
      o.kms_key_id = *h;
    if (sse != "AES256" && o.kms_key_id.empty()) {
      o.kms_key_id = "arn:aws:kms:" + context_.region + ":" + context_.account_id + ":alias/aws/s3";
    }
    o.etag = "\"" + Md5(o.data, /*hex=*/true) + "\"";
    const std::string* ct = request.Header("Content-Type");
    o.content_type = ct != nullptr && !ct->empty() ? *ct : "binary/octet-stream";
    o.last_modified = std::chrono::time_point_cast<std::chrono::seconds>(context_.clock->Now());
    for (const auto& [k, v] : request.headers) {
      std::string lower = Lower(k);
      if (lower.rfind("x-amz-meta-", 0) == 0) o.metadata.emplace_back(lower, v);
      if (lower.rfind("x-amz-checksum-", 0) == 0 && lower != "x-amz-checksum-type")
        o.checksums.emplace_back(lower, v);
    }
    Response r = Bare(200);
    r.content_type = "";
    r.headers.emplace_back("ETag", o.etag);
    r.headers.emplace_back("x-amz-server-side-encryption", o.sse);
    if (!o.kms_key_id.empty())
      r.headers.emplace_back("x-amz-server-side-encryption-aws-kms-key-id", o.kms_key_id);
    for (const auto& h : o.checksums) r.headers.push_back(h);
    bucket.objects[t.key] = std::move(o);
    return r;
  }

  Response GetObject(const Request& request, const Target& t, const Bucket& bucket, bool head) {
    auto it = bucket.objects.find(t.key);
    if (it == bucket.objects.end()) {
      if (head) return Bare(404);
      Response r = S3Error(404, "NoSuchKey", "The specified key does not exist.",
                           "/" + t.bucket + "/" + t.key);
      return r;
    }
    const Object& o = it->second;
    Response r = Bare(200);
    r.content_type = o.content_type;
    r.headers.emplace_back("ETag", o.etag);
    r.headers.emplace_back("Last-Modified", HttpDate(o.last_modified));
    r.headers.emplace_back("Accept-Ranges", "bytes");
    r.headers.emplace_back("x-amz-server-side-encryption", o.sse);
    if (!o.kms_key_id.empty())
      r.headers.emplace_back("x-amz-server-side-encryption-aws-kms-key-id", o.kms_key_id);
    for (const auto& h : o.metadata) r.headers.push_back(h);
    const std::string* range = request.Header("Range");
    std::optional<ByteRange> bytes =
        range != nullptr ? ParseRange(*range, o.data.size()) : std::nullopt;
    if (bytes) {
      const auto [first, last] = *bytes;
      r.status = 206;
      r.headers.emplace_back("Content-Range", "bytes " + std::to_string(first) + "-" +
                                                  std::to_string(last) + "/" +
                                                  std::to_string(o.data.size()));
      r.body = o.data.substr(first, last - first + 1);
      return r;
    }
    const std::string* mode = request.Header("x-amz-checksum-mode");
    if (mode != nullptr && Lower(*mode) == "enabled") {
      for (const auto& h : o.checksums) r.headers.push_back(h);
    }
    // For HEAD the body only sizes Content-Length; the server does not send it.
    r.body = o.data;
    return r;
  }

  Context context_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace

std::unique_ptr<ServiceHandler> MakeS3Handler(const Context& context) {
  return std::make_unique<S3Handler>(context);
}

}  // namespace sandbox
