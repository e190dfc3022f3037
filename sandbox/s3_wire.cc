#include "sandbox/s3_wire.h"

#include <openssl/evp.h>

#include <cctype>
#include <ctime>

#include "aws/sigv4.h"

namespace sandbox::s3 {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Md5(std::string_view data, bool hex) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  std::string raw(reinterpret_cast<char*>(digest), len);
  if (hex) return arm::sigv4::HexEncode(raw);
  unsigned char b64[64];
  int n = EVP_EncodeBlock(b64, digest, static_cast<int>(len));
  return std::string(reinterpret_cast<char*>(b64), static_cast<size_t>(n));
}

std::string Base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string HttpDate(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  ::gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

bool IsIpv4(std::string_view host) {
  if (host.empty()) return false;
  for (char c : host) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return false;
  }
  return true;
}

// "bytes=a-b", "bytes=a-", "bytes=-n"; nullopt when unsatisfiable.
std::optional<ByteRange> ParseRange(const std::string& header, size_t size) {
  if (header.rfind("bytes=", 0) != 0 || size == 0) return std::nullopt;
  std::string spec = header.substr(6);
  size_t dash = spec.find('-');
  if (dash == std::string::npos || spec.find(',') != std::string::npos) return std::nullopt;
  ByteRange r;
  try {
    if (dash == 0) {
      size_t n = std::stoul(spec.substr(1));
      if (n == 0) return std::nullopt;
      r.first = n >= size ? 0 : size - n;
      r.last = size - 1;
    } else {
      r.first = std::stoul(spec.substr(0, dash));
      r.last = dash + 1 < spec.size() ? std::stoul(spec.substr(dash + 1)) : size - 1;
      if (r.last >= size) r.last = size - 1;
    }
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (r.first > r.last || r.first >= size) return std::nullopt;
  return r;
}

// Decodes an aws-chunked body ("<hex size>[;chunk-signature=..]\r\n<data>\r\n"
// ... "0\r\n" then trailer headers). nullopt when malformed.
std::optional<AwsChunked> DecodeAwsChunked(std::string_view in) {
  AwsChunked decoded;
  size_t pos = 0;
  while (true) {
    size_t eol = in.find("\r\n", pos);
    if (eol == std::string_view::npos) return std::nullopt;
    std::string_view size_line = in.substr(pos, eol - pos);
    size_line = size_line.substr(0, size_line.find(';'));
    size_t size = 0;
    if (size_line.empty()) return std::nullopt;
    for (char c : size_line) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) || size > (1u << 30)) return std::nullopt;
      size = size * 16 + static_cast<size_t>(std::isdigit(static_cast<unsigned char>(c))
                                                 ? c - '0'
                                                 : (c | 0x20) - 'a' + 10);
    }
    pos = eol + 2;
    if (size == 0) break;
    if (pos + size + 2 > in.size() || in.substr(pos + size, 2) != "\r\n") return std::nullopt;
    decoded.data.append(in.substr(pos, size));
    pos += size + 2;
  }
  while (pos < in.size()) {
    size_t eol = in.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = in.size();
    std::string_view line = in.substr(pos, eol - pos);
    pos = eol + 2;
    size_t colon = line.find(':');
    if (line.empty() || colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    decoded.trailers.emplace_back(Lower(std::string(line.substr(0, colon))), std::string(value));
  }
  return decoded;
}

bool IsAccountId(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace sandbox::s3
