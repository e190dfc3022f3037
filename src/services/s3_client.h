#pragma once
// S3 (restXml): single objects, for state and report copies. Wire calls only.
#include <string>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

class S3Client {
 public:
  explicit S3Client(AwsClient& client) : client_(client) {}

  // `sse` is sent as x-amz-server-side-encryption unless empty;
  // `expected_owner` (an account id) as x-amz-expected-bucket-owner unless
  // empty: S3 then refuses (403 AccessDenied) a bucket of another account.
  Status PutObject(const std::string& bucket, const std::string& key, const std::string& body,
                   const std::string& sse = "AES256", const std::string& expected_owner = "");
  // The object's bytes; NotFound for NoSuchKey / NoSuchBucket (code kept).
  Result<std::string> GetObject(const std::string& bucket, const std::string& key,
                                const std::string& expected_owner = "");
  // OK when the object exists; NotFound when it (or the bucket) does not.
  Status HeadObject(const std::string& bucket, const std::string& key);

 private:
  AwsClient& client_;
};

}  // namespace arm
