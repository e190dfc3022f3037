#include "aws/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"

namespace arm::sigv4 {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// Headers a proxy or the transport may add, drop or rewrite: never signed
// (botocore and aws-c-auth skip the same ones).
bool IsUnsignedHeader(std::string_view lower_name) {
  return lower_name == "authorization" || lower_name == "user-agent" ||
         lower_name == "expect" || lower_name == "x-amzn-trace-id" ||
         lower_name == "connection" || lower_name == "transfer-encoding";
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Trims the value and collapses every run of whitespace to one space.
std::string CanonicalHeaderValue(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  bool pending_space = false;
  for (char c : v) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// RFC 3986 remove_dot_segments plus collapsing of empty segments; a trailing
// '/' (or a trailing "." / "..") keeps the result ending in '/'.
std::string NormalizePath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  bool trailing_slash = false;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(start, end - start);
    bool last = end == path.size();
    if (seg.empty() || seg == ".") {
      if (last) trailing_slash = true;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      if (last) trailing_slash = true;
    } else {
      out.push_back(seg);
      if (last) trailing_slash = false;
    }
    start = end + 1;
  }
  std::string result = "/";
  for (size_t i = 0; i < out.size(); ++i) {
    if (i > 0) result += '/';
    result += out[i];
  }
  if (!out.empty() && trailing_slash) result += '/';
  return result;
}

std::string CanonicalUri(const HttpRequest& request,
                         const SigningParams& params) {
  std::string path = request.path.empty() ? "/" : request.path;
  // S3 signs the path exactly as it goes on the wire (encoded once).
  if (params.s3_style) return path;
  if (params.normalize_path) path = NormalizePath(path);
  // Every other service encodes the wire path (already encoded once) again.
  return UriEncode(path, /*keep_slash=*/true);
}

std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view item = query.substr(start, end - start);
    if (!item.empty()) {
      size_t eq = item.find('=');
      std::string_view key = item.substr(0, eq);
      std::string_view value = eq == std::string_view::npos
                                   ? std::string_view()
                                   : item.substr(eq + 1);
      pairs.emplace_back(UriEncode(UriDecode(key)),
                         UriEncode(UriDecode(value)));
    }
    start = end + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [k, v] : pairs) {
    if (!out.empty()) out += '&';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

std::string DeriveSigningKey(const SigningParams& params, const std::string& date) {
  std::string k = HmacSha256("AWS4" + params.secret_access_key, date);
  k = HmacSha256(k, params.region);
  k = HmacSha256(k, params.service);
  return HmacSha256(k, "aws4_request");
}

// The key is four HMACs away from the secret and changes once a day per
// secret, region and service, so each thread keeps the few it derived (in
// memory only, as the secret itself is): one HMAC per request instead of five.
std::string SigningKey(const SigningParams& params) {
  struct Entry {
    std::string secret, date, region, service, key;
  };
  static constexpr size_t kMaxEntries = 16;
  thread_local std::vector<Entry> cache;
  std::string date = FormatDateStamp(params.time);
  for (const Entry& e : cache) {
    if (e.date == date && e.service == params.service && e.region == params.region &&
        e.secret == params.secret_access_key) {
      return e.key;
    }
  }
  std::string key = DeriveSigningKey(params, date);
  if (cache.size() >= kMaxEntries) cache.erase(cache.begin());
  cache.push_back({params.secret_access_key, date, params.region, params.service, key});
  return key;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         digest);
  return HexEncode(
      std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
       &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string CanonicalRequest(const HttpRequest& request,
                             const SigningParams& params,
                             std::string* signed_headers) {
  // Sorted by lowercase name; repeated headers keep their order, joined by ','.
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : request.headers) {
    std::string lower = ToLower(name);
    if (IsUnsignedHeader(lower)) continue;
    auto [it, inserted] =
        headers.try_emplace(lower, CanonicalHeaderValue(value));
    if (!inserted) it->second += "," + CanonicalHeaderValue(value);
  }
  if (!headers.contains("host"))
    headers["host"] = CanonicalHeaderValue(request.host);

  std::string names;
  std::string canonical_headers;
  for (const auto& [name, value] : headers) {
    if (!names.empty()) names += ';';
    names += name;
    canonical_headers += name + ":" + value + "\n";
  }
  const std::string* content_sha = request.Header("x-amz-content-sha256");
  std::string payload_hash =
      content_sha != nullptr ? *content_sha : Sha256Hex(request.body);

  std::string out;
  out.reserve(256 + canonical_headers.size());
  out += request.method + "\n";
  out += CanonicalUri(request, params) + "\n";
  out += CanonicalQuery(request.query) + "\n";
  out += canonical_headers + "\n";
  out += names + "\n";
  out += payload_hash;
  if (signed_headers != nullptr) *signed_headers = std::move(names);
  return out;
}

std::string CredentialScope(const SigningParams& params) {
  return FormatDateStamp(params.time) + "/" + params.region + "/" +
         params.service + "/aws4_request";
}

std::string StringToSign(const std::string& canonical_request,
                         const SigningParams& params) {
  return std::string(kAlgorithm) + "\n" + FormatAmzDate(params.time) + "\n" +
         CredentialScope(params) + "\n" + Sha256Hex(canonical_request);
}

std::string Signature(const std::string& string_to_sign,
                      const SigningParams& params) {
  return HexEncode(HmacSha256(SigningKey(params), string_to_sign));
}

void SignRequest(HttpRequest& request, const SigningParams& params) {
  RemoveHeader(request.headers, "Authorization");
  request.SetHeader("X-Amz-Date", FormatAmzDate(params.time));
  if (!params.session_token.empty()) {
    request.SetHeader("X-Amz-Security-Token", params.session_token);
  } else {
    RemoveHeader(request.headers, "X-Amz-Security-Token");
  }
  if (params.s3_style && request.Header("x-amz-content-sha256") == nullptr) {
    request.SetHeader("x-amz-content-sha256", Sha256Hex(request.body));
  }
  std::string signed_headers;
  std::string canonical = CanonicalRequest(request, params, &signed_headers);
  std::string signature = Signature(StringToSign(canonical, params), params);
  request.SetHeader("Authorization", std::string(kAlgorithm) +
                                         " Credential=" + params.access_key_id +
                                         "/" + CredentialScope(params) +
                                         ", SignedHeaders=" + signed_headers +
                                         ", Signature=" + signature);
}

Result<AuthorizationHeader> ParseAuthorization(const std::string& value) {
  std::string_view v = Trim(value);
  if (v.substr(0, kAlgorithm.size()) != kAlgorithm ||
      (v.size() > kAlgorithm.size() && v[kAlgorithm.size()] != ' ')) {
    return Status::InvalidArgument(
        "Authorization header: unsupported algorithm (want AWS4-HMAC-SHA256)");
  }
  v.remove_prefix(kAlgorithm.size());
  std::string credential;
  AuthorizationHeader out;
  bool have_credential = false, have_signed = false, have_signature = false;
  while (!v.empty()) {
    size_t comma = v.find(',');
    std::string_view part = Trim(v.substr(0, comma));
    v = comma == std::string_view::npos ? std::string_view()
                                        : v.substr(comma + 1);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return Status::InvalidArgument(
          "Authorization header: component without '='");
    }
    std::string_view key = part.substr(0, eq);
    std::string_view val = part.substr(eq + 1);
    if (key == "Credential") {
      credential = std::string(val);
      have_credential = true;
    } else if (key == "SignedHeaders") {
      out.signed_headers = std::string(val);
      have_signed = true;
    } else if (key == "Signature") {
      out.signature = std::string(val);
      have_signature = true;
    } else {
      return Status::InvalidArgument(
          "Authorization header: unknown component " + std::string(key));
    }
  }
  if (!have_credential || !have_signed || !have_signature) {
    return Status::InvalidArgument(
        "Authorization header: Credential, SignedHeaders and Signature are all "
        "required");
  }
  std::vector<std::string> scope;
  size_t start = 0;
  while (true) {
    size_t slash = credential.find('/', start);
    scope.push_back(credential.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (scope.size() != 5 || scope[4] != "aws4_request" || scope[0].empty() ||
      scope[1].size() != 8 || scope[2].empty() || scope[3].empty()) {
    return Status::InvalidArgument(
        "Authorization header: Credential must be "
        "<key>/<yyyymmdd>/<region>/<service>/aws4_request");
  }
  if (out.signed_headers.empty() || out.signature.empty()) {
    return Status::InvalidArgument(
        "Authorization header: empty SignedHeaders or Signature");
  }
  out.access_key_id = scope[0];
  out.date = scope[1];
  out.region = scope[2];
  out.service = scope[3];
  return out;
}

}  // namespace arm::sigv4
