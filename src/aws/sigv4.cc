#include "aws/sigv4.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <initializer_list>
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
  return lower_name == "authorization" || lower_name == "user-agent" || lower_name == "expect" ||
         lower_name == "x-amzn-trace-id" || lower_name == "connection" ||
         lower_name == "transfer-encoding";
}

// ASCII only, as the program never sets a locale (std::tolower would be
// the same in the "C" locale, at a library call per character).
std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Appends the value trimmed, every run of whitespace collapsed to one space.
void AppendCanonicalHeaderValue(std::string& out, std::string_view v) {
  bool pending_space = false, any = false;
  for (char c : v) {
    if (IsSpace(c)) {
      pending_space = any;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    any = true;
    out.push_back(c);
  }
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

std::string CanonicalUri(const HttpRequest& request, const SigningParams& params) {
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
      std::string_view value =
          eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
      pairs.emplace_back(UriEncode(UriDecode(key)), UriEncode(UriDecode(value)));
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

// ---- SHA-256 and HMAC-SHA256 ----
// OpenSSL 3's one-shot SHA256() and HMAC() look the algorithm up in the
// provider store and allocate fresh contexts on every call: at five hashes
// per AWS call (signing in the CLI, verification in aws-sandbox) that was most
// of SigV4's cost. The algorithms are fetched once and each thread reuses one
// digest context and one MAC context.
using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

const EVP_MD* Sha256Algorithm() {
  // Fetched once for the process and never freed.
  static const EVP_MD* const md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return md;
}

class ThreadDigestContext {
 public:
  ThreadDigestContext() : ctx_(EVP_MD_CTX_new()) {}
  ~ThreadDigestContext() { EVP_MD_CTX_free(ctx_); }
  ThreadDigestContext(const ThreadDigestContext&) = delete;
  ThreadDigestContext& operator=(const ThreadDigestContext&) = delete;
  EVP_MD_CTX* get() { return ctx_; }

 private:
  EVP_MD_CTX* ctx_;
};

std::string_view View(const unsigned char* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// SHA-256 of the concatenation of `parts`.
Digest Sha256(std::initializer_list<std::string_view> parts) {
  thread_local ThreadDigestContext thread_ctx;
  EVP_MD_CTX* ctx = thread_ctx.get();
  Digest out{};
  unsigned int len = 0;
  bool ok = ctx != nullptr && EVP_DigestInit_ex2(ctx, Sha256Algorithm(), nullptr) == 1;
  for (std::string_view part : parts)
    ok = ok && EVP_DigestUpdate(ctx, part.data(), part.size()) == 1;
  ok = ok && EVP_DigestFinal_ex(ctx, out.data(), &len) == 1 && len == out.size();
  if (!ok) {  // no context (out of memory): the one-shot path
    std::string joined;
    for (std::string_view part : parts) joined += part;
    SHA256(reinterpret_cast<const unsigned char*>(joined.data()), joined.size(), out.data());
  }
  return out;
}

// HMAC-SHA256 by OpenSSL's EVP_MAC, fetched once; each thread reuses one
// context with the digest already set, and only the key changes per call.
EVP_MAC* HmacAlgorithm() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);  // never freed
  return mac;
}

class ThreadMacContext {
 public:
  ThreadMacContext() {
    if (HmacAlgorithm() == nullptr) return;
    ctx_ = EVP_MAC_CTX_new(HmacAlgorithm());
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_end()};
    if (ctx_ != nullptr && EVP_MAC_CTX_set_params(ctx_, params) != 1) {
      EVP_MAC_CTX_free(ctx_);
      ctx_ = nullptr;
    }
  }
  ~ThreadMacContext() { EVP_MAC_CTX_free(ctx_); }
  ThreadMacContext(const ThreadMacContext&) = delete;
  ThreadMacContext& operator=(const ThreadMacContext&) = delete;
  EVP_MAC_CTX* get() { return ctx_; }

 private:
  EVP_MAC_CTX* ctx_ = nullptr;
};

Digest Hmac(std::string_view key, std::string_view data) {
  thread_local ThreadMacContext thread_ctx;
  EVP_MAC_CTX* ctx = thread_ctx.get();
  Digest out{};
  size_t len = 0;
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  const auto* d = reinterpret_cast<const unsigned char*>(data.data());
  bool ok = ctx != nullptr && EVP_MAC_init(ctx, k, key.size(), nullptr) == 1 &&
            EVP_MAC_update(ctx, d, data.size()) == 1 &&
            EVP_MAC_final(ctx, out.data(), &len, out.size()) == 1 && len == out.size();
  if (!ok) {  // no context (out of memory): the one-shot path
    unsigned int one_shot_len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), d, data.size(), out.data(),
         &one_shot_len);
  }
  return out;
}

void AppendHex(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
}

std::string HexOf(const Digest& d) {
  std::string out;
  out.reserve(2 * d.size());
  AppendHex(out, View(d.data(), d.size()));
  return out;
}

Digest DeriveSigningKey(const SigningParams& params, const std::string& date) {
  Digest k = Hmac("AWS4" + params.secret_access_key, date);
  k = Hmac(View(k.data(), k.size()), params.region);
  k = Hmac(View(k.data(), k.size()), params.service);
  return Hmac(View(k.data(), k.size()), "aws4_request");
}

// The key is four HMACs away from the secret and changes once a day per
// secret, region and service, so each thread keeps the few it derived (in
// memory only, as the secret itself is): one HMAC per request instead of five.
Digest SigningKey(const SigningParams& params, const std::string& date) {
  struct Entry {
    std::string secret, date, region, service;
    Digest key;
  };
  static constexpr size_t kMaxEntries = 16;
  thread_local std::vector<Entry> cache;
  for (const Entry& e : cache) {
    if (e.date == date && e.service == params.service && e.region == params.region &&
        e.secret == params.secret_access_key) {
      return e.key;
    }
  }
  Digest key = DeriveSigningKey(params, date);
  if (cache.size() >= kMaxEntries) cache.erase(cache.begin());
  cache.push_back({params.secret_access_key, date, params.region, params.service, key});
  return key;
}

// The date parts of the signature, formatted once per signature.
struct SigningDates {
  std::string amz_date;  // "20150830T123600Z"
  std::string date;      // "20150830"
};

SigningDates DatesOf(const SigningParams& params) {
  SigningDates d;
  d.amz_date = FormatAmzDate(params.time);
  d.date = d.amz_date.substr(0, 8);
  return d;
}

std::string ScopeOf(const SigningDates& dates, const SigningParams& params) {
  std::string scope;
  scope.reserve(dates.date.size() + params.region.size() + params.service.size() + 16);
  scope += dates.date;
  scope += '/';
  scope += params.region;
  scope += '/';
  scope += params.service;
  scope += "/aws4_request";
  return scope;
}

std::string StringToSignOf(const std::string& canonical_request, const SigningDates& dates,
                           const std::string& scope) {
  std::string out;
  out.reserve(kAlgorithm.size() + dates.amz_date.size() + scope.size() + 3 +
              2 * SHA256_DIGEST_LENGTH);
  out += kAlgorithm;
  out += '\n';
  out += dates.amz_date;
  out += '\n';
  out += scope;
  out += '\n';
  Digest hash = Sha256({canonical_request});
  AppendHex(out, View(hash.data(), hash.size()));
  return out;
}

std::string SignatureOf(const std::string& string_to_sign, const SigningDates& dates,
                        const SigningParams& params) {
  Digest key = SigningKey(params, dates.date);
  return HexOf(Hmac(View(key.data(), key.size()), string_to_sign));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string Sha256Hex(std::string_view data) { return HexOf(Sha256({data})); }

std::string HmacSha256(std::string_view key, std::string_view data) {
  Digest d = Hmac(key, data);
  return std::string(View(d.data(), d.size()));
}

std::string HexEncode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  AppendHex(out, bytes);
  return out;
}

std::string CanonicalRequest(const HttpRequest& request, const SigningParams& params,
                             std::string* signed_headers) {
  // Sorted by lowercase name; repeated headers keep their order, joined by ','.
  std::vector<std::pair<std::string, std::string_view>> headers;
  headers.reserve(request.headers.size() + 1);
  bool have_host = false;
  for (const auto& [name, value] : request.headers) {
    std::string lower = ToLower(name);
    if (IsUnsignedHeader(lower)) continue;
    have_host = have_host || lower == "host";
    headers.emplace_back(std::move(lower), value);
  }
  if (!have_host) headers.emplace_back("host", request.host);
  std::stable_sort(headers.begin(), headers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });

  std::string names;
  std::string out;
  out.reserve(256 + request.path.size() + request.query.size() + 64 * headers.size());
  out += request.method;
  out += '\n';
  out += CanonicalUri(request, params);
  out += '\n';
  out += CanonicalQuery(request.query);
  out += '\n';
  for (size_t i = 0; i < headers.size(); ++i) {
    const auto& [name, value] = headers[i];
    if (i > 0 && name == headers[i - 1].first) {
      out += ',';
    } else {
      if (i > 0) {
        out += '\n';
        names += ';';
      }
      names += name;
      out += name;
      out += ':';
    }
    AppendCanonicalHeaderValue(out, value);
  }
  out += "\n\n";
  out += names;
  out += '\n';
  if (const std::string* content_sha = request.Header("x-amz-content-sha256")) {
    out += *content_sha;
  } else {
    Digest payload = Sha256({request.body});
    AppendHex(out, View(payload.data(), payload.size()));
  }
  if (signed_headers != nullptr) *signed_headers = std::move(names);
  return out;
}

std::string CredentialScope(const SigningParams& params) {
  return ScopeOf(DatesOf(params), params);
}

std::string StringToSign(const std::string& canonical_request, const SigningParams& params) {
  SigningDates dates = DatesOf(params);
  return StringToSignOf(canonical_request, dates, ScopeOf(dates, params));
}

std::string Signature(const std::string& string_to_sign, const SigningParams& params) {
  return SignatureOf(string_to_sign, DatesOf(params), params);
}

void SignRequest(HttpRequest& request, const SigningParams& params) {
  const SigningDates dates = DatesOf(params);
  RemoveHeader(request.headers, "Authorization");
  request.SetHeader("X-Amz-Date", dates.amz_date);
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
  std::string scope = ScopeOf(dates, params);
  std::string signature = SignatureOf(StringToSignOf(canonical, dates, scope), dates, params);
  std::string authorization;
  authorization.reserve(kAlgorithm.size() + params.access_key_id.size() + scope.size() +
                        signed_headers.size() + signature.size() + 48);
  authorization += kAlgorithm;
  authorization += " Credential=";
  authorization += params.access_key_id;
  authorization += '/';
  authorization += scope;
  authorization += ", SignedHeaders=";
  authorization += signed_headers;
  authorization += ", Signature=";
  authorization += signature;
  request.SetHeader("Authorization", std::move(authorization));
}

Result<AuthorizationHeader> ParseAuthorization(const std::string& value) {
  // aws-sandbox parses every request's header (twice: routing, then
  // verification), so the parts stay views into `value` until the end.
  std::string_view v = Trim(value);
  if (v.substr(0, kAlgorithm.size()) != kAlgorithm ||
      (v.size() > kAlgorithm.size() && v[kAlgorithm.size()] != ' ')) {
    return Status::InvalidArgument(
        "Authorization header: unsupported algorithm (want AWS4-HMAC-SHA256)");
  }
  v.remove_prefix(kAlgorithm.size());
  std::string_view credential, signed_headers, signature;
  bool have_credential = false, have_signed = false, have_signature = false;
  while (!v.empty()) {
    size_t comma = v.find(',');
    std::string_view part = Trim(v.substr(0, comma));
    v = comma == std::string_view::npos ? std::string_view() : v.substr(comma + 1);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return Status::InvalidArgument("Authorization header: component without '='");
    }
    std::string_view key = part.substr(0, eq);
    std::string_view val = part.substr(eq + 1);
    if (key == "Credential") {
      credential = val;
      have_credential = true;
    } else if (key == "SignedHeaders") {
      signed_headers = val;
      have_signed = true;
    } else if (key == "Signature") {
      signature = val;
      have_signature = true;
    } else {
      return Status::InvalidArgument("Authorization header: unknown component " + std::string(key));
    }
  }
  if (!have_credential || !have_signed || !have_signature) {
    return Status::InvalidArgument(
        "Authorization header: Credential, SignedHeaders and Signature are all "
        "required");
  }
  std::array<std::string_view, 5> scope;
  size_t parts = 0;
  for (size_t start = 0;; ++parts) {
    size_t slash = credential.find('/', start);
    if (parts < scope.size()) scope[parts] = credential.substr(start, slash - start);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts + 1 != scope.size() || scope[4] != "aws4_request" || scope[0].empty() ||
      scope[1].size() != 8 || scope[2].empty() || scope[3].empty()) {
    return Status::InvalidArgument(
        "Authorization header: Credential must be "
        "<key>/<yyyymmdd>/<region>/<service>/aws4_request");
  }
  if (signed_headers.empty() || signature.empty()) {
    return Status::InvalidArgument("Authorization header: empty SignedHeaders or Signature");
  }
  AuthorizationHeader out;
  out.access_key_id = std::string(scope[0]);
  out.date = std::string(scope[1]);
  out.region = std::string(scope[2]);
  out.service = std::string(scope[3]);
  out.signed_headers = std::string(signed_headers);
  out.signature = std::string(signature);
  return out;
}

}  // namespace arm::sigv4
