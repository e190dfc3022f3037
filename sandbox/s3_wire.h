#pragma once
// S3's wire details, apart from the handler: digests, dates, host names, the
// Range header and aws-chunked bodies.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http/http.h"

namespace sandbox::s3 {

std::string Lower(std::string s);
// MD5 of `data`, hex (ETag) or base64 (Content-MD5).
std::string Md5(std::string_view data, bool hex);
std::string Base64(std::string_view data);
// "Mon, 02 Jan 2006 15:04:05 GMT" (Last-Modified).
std::string HttpDate(std::chrono::system_clock::time_point t);
bool IsIpv4(std::string_view host);
bool IsAccountId(std::string_view s);

struct ByteRange {
  size_t first = 0;
  size_t last = 0;  // inclusive
};

// "bytes=a-b", "bytes=a-", "bytes=-n"; nullopt when unsatisfiable.
std::optional<ByteRange> ParseRange(const std::string& header, size_t size);

struct AwsChunked {
  std::string data;
  arm::Headers trailers;  // lower-case names
};

// Decodes an aws-chunked body ("<hex size>[;chunk-signature=..]\r\n<data>\r\n"
// ... "0\r\n" then trailer headers); nullopt when malformed.
std::optional<AwsChunked> DecodeAwsChunked(std::string_view in);

}  // namespace sandbox::s3
