#include "sandbox/auth.h"

#include <openssl/crypto.h>
#include <strings.h>

#include <cctype>
#include <ctime>

#include "aws/sigv4.h"
#include "core/clock.h"
#include "http/http.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

constexpr std::chrono::minutes kMaxSkew{15};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A stable IAM-style unique id ("AIDA" + 17 characters) derived from the key.
std::string DerivedUserId(const std::string& prefix, const std::string& seed) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string digest = arm::sigv4::Sha256Hex(seed);
  std::string out = prefix;
  for (size_t i = 0; out.size() < prefix.size() + 17; ++i) {
    out.push_back(kAlphabet[static_cast<unsigned char>(digest[i % digest.size()] * 7 + i) % 32]);
  }
  return out;
}

Credential FromJson(const nlohmann::json& j) {
  Credential c;
  c.access_key_id = j.value("access_key_id", "");
  c.secret_access_key = j.value("secret_access_key", "");
  c.session_token = j.value("session_token", "");
  c.account_id = j.value("account_id", "000000000000");
  c.arn = j.value("arn", "arn:aws:iam::" + c.account_id + ":root");
  c.user_id = j.value("user_id", "");
  if (c.user_id.empty()) {
    c.user_id = c.arn.ends_with(":root") ? c.account_id : DerivedUserId("AIDA", c.access_key_id);
  }
  // "expiration": "2020-01-01T00:00:00Z": requests signed with the key are
  // refused as ExpiredToken from then on (temporary credentials that ran out).
  std::chrono::system_clock::time_point expires;
  if (j.contains("expiration") && j["expiration"].is_string() &&
      arm::ParseIso8601(j["expiration"].get<std::string>(), &expires)) {
    c.expiration = expires;
  }
  if (j.contains("allow") && j["allow"].is_array()) {
    for (const auto& a : j["allow"]) {
      if (a.is_string()) c.allow.push_back(a.get<std::string>());
    }
  }
  return c;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// True when `name` is one of the ';'-separated names of SignedHeaders
// (case-insensitively), without splitting the list into strings.
bool IsSignedHeader(std::string_view signed_headers, std::string_view name) {
  size_t start = 0;
  while (start <= signed_headers.size()) {
    size_t semi = signed_headers.find(';', start);
    if (semi == std::string_view::npos) semi = signed_headers.size();
    if (IEquals(signed_headers.substr(start, semi - start), name)) return true;
    start = semi + 1;
  }
  return false;
}

int Digits(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool IsHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

void CredentialStore::Load(const nlohmann::json& estate) {
  std::map<std::string, Credential> fresh;
  Credential test;
  test.access_key_id = "test";
  test.secret_access_key = "test";
  test.account_id = "000000000000";
  test.arn = "arn:aws:iam::000000000000:root";
  test.user_id = "000000000000";
  fresh["test"] = test;
  if (estate.is_object() && estate.contains("credentials") && estate["credentials"].is_array()) {
    for (const auto& j : estate["credentials"]) {
      if (!j.is_object()) continue;
      Credential c = FromJson(j);
      if (!c.access_key_id.empty()) fresh[c.access_key_id] = std::move(c);
    }
  }
  std::lock_guard<std::mutex> l(mu_);
  by_key_ = std::move(fresh);
}

void CredentialStore::Add(Credential credential) {
  std::lock_guard<std::mutex> l(mu_);
  std::string key = credential.access_key_id;
  by_key_[key] = std::move(credential);
}

std::optional<Credential> CredentialStore::Find(const std::string& access_key_id) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = by_key_.find(access_key_id);
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

bool ActionAllowed(const std::vector<std::string>& allow, std::string_view action) {
  if (allow.empty()) return true;
  std::string lower_action = Lower(action);
  for (const auto& pattern : allow) {
    if (IamGlobMatch(Lower(pattern), lower_action)) return true;
  }
  return false;
}

std::optional<std::string> Caller::Denial(std::string_view action, std::string_view resource,
                                          IamConditionKeys keys) const {
  if (!ActionAllowed(allow, action))
    return IamDenialMessage(arn, action, resource, IamDecision::kImplicitDeny);
  if (policy == nullptr) return std::nullopt;
  if (!region.empty()) keys.emplace("aws:requestedregion", region);
  IamDecision decision = EvaluateIamPolicy(*policy, action, resource, keys);
  if (decision == IamDecision::kAllow) return std::nullopt;
  return IamDenialMessage(arn, action, resource, decision);
}

std::optional<std::chrono::system_clock::time_point> ParseAmzDate(const std::string& value) {
  if (value.size() != 16 || value[8] != 'T' || value[15] != 'Z') return std::nullopt;
  for (size_t i = 0; i < 15; ++i) {
    if (i != 8 && !std::isdigit(static_cast<unsigned char>(value[i]))) return std::nullopt;
  }
  std::string_view v = value;
  const int yy = Digits(v.substr(0, 4)), mo = Digits(v.substr(4, 2)), dd = Digits(v.substr(6, 2));
  const int hh = Digits(v.substr(9, 2)), mi = Digits(v.substr(11, 2)), ss = Digits(v.substr(13, 2));
  if (mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59 || ss > 60) return std::nullopt;
  // system_clock counts nanoseconds in 64 bits: years 1678-2261 only.
  if (yy < 1700 || yy > 2200) return std::nullopt;
  // timegm's normalisation (month 00 is December of the year before, Feb 31
  // is early March, second 60 the next minute), without its time-zone lock:
  // every request's date is parsed here.
  using namespace std::chrono;
  const year_month first = year{yy} / January + months{mo - 1};
  return sys_days{first / 1} + days{dd - 1} + hours{hh} + minutes{mi} + seconds{ss};
}

std::string ScopeService(const Request& request) {
  const std::string* auth = request.Header("Authorization");
  if (auth == nullptr) return "";
  auto parsed = arm::sigv4::ParseAuthorization(*auth);
  return parsed.ok() ? parsed->service : "";
}

namespace {

// The request as the client signed it: the signed headers only.
arm::HttpRequest SignedPart(const Request& request, const arm::sigv4::AuthorizationHeader& parsed) {
  arm::HttpRequest raw;
  raw.method = request.method;
  const std::string* host = request.Header("Host");
  raw.host = host != nullptr ? *host : "";
  raw.path = request.path;
  raw.query = request.query;
  raw.body = request.body;
  raw.headers.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers) {
    if (IsSignedHeader(parsed.signed_headers, name)) raw.headers.emplace_back(name, value);
  }
  return raw;
}

arm::sigv4::SigningParams ParamsFor(const arm::sigv4::AuthorizationHeader& parsed,
                                    std::chrono::system_clock::time_point signed_at) {
  arm::sigv4::SigningParams params;
  params.region = parsed.region;
  params.service = parsed.service;
  params.time = signed_at;
  params.s3_style = parsed.service == "s3";
  params.normalize_path = !params.s3_style;
  return params;
}

// What AWS appends to a signature mismatch (JSON and query services).
std::string CanonicalDetail(const std::string& canonical, const std::string& string_to_sign) {
  return "The Canonical String for this request should have been\n'" + canonical +
         "'\n\nThe String-to-Sign should have been\n'" + string_to_sign + "'\n";
}

}  // namespace

bool SignaturesEqual(std::string_view computed, std::string_view given) {
  // The length is public (64 hex digits); only the content is secret.
  return computed.size() == given.size() &&
         CRYPTO_memcmp(computed.data(), given.data(), computed.size()) == 0;
}

std::string EchoedSignatureDetail(const Request& request) {
  const std::string* header = request.Header("Authorization");
  if (header == nullptr) return "";
  auto parsed = arm::sigv4::ParseAuthorization(*header);
  if (!parsed.ok()) return "";
  std::chrono::system_clock::time_point signed_at{};
  if (const std::string* date = request.Header("X-Amz-Date"))
    signed_at = ParseAmzDate(*date).value_or(signed_at);
  arm::sigv4::SigningParams params = ParamsFor(*parsed, signed_at);
  std::string signed_headers;
  std::string canonical =
      arm::sigv4::CanonicalRequest(SignedPart(request, *parsed), params, &signed_headers);
  return CanonicalDetail(canonical, arm::sigv4::StringToSign(canonical, params)) +
         "\nAuthorization: " + *header;
}

std::string EchoedEncodedTokenDetail(const Request& request) {
  const std::string* token = request.Header("X-Amz-Security-Token");
  if (token == nullptr) return "";
  std::string upper = arm::UriEncode(*token);
  std::string lower = upper;
  for (size_t i = 0; i < lower.size(); ++i)
    if (lower[i] == '%')
      for (size_t k = i + 1; k < i + 3 && k < lower.size(); ++k)
        lower[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower[k])));
  std::string json;
  for (char c : *token) {
    if (c == '/') json.push_back('\\');
    json.push_back(c);
  }
  return "The request as received: " + upper + " " + lower + " " + json;
}

AuthOutcome Authenticate(const Request& request, const CredentialStore& store,
                         std::chrono::system_clock::time_point now) {
  const std::string* auth = request.Header("Authorization");
  if (auth == nullptr) {
    AuthOutcome out;
    out.failure = AuthFailure::kMissing;
    return out;
  }
  return Authenticate(request, arm::sigv4::ParseAuthorization(*auth), store, now);
}

AuthOutcome Authenticate(const Request& request,
                         const arm::Result<arm::sigv4::AuthorizationHeader>& parsed,
                         const CredentialStore& store, std::chrono::system_clock::time_point now) {
  AuthOutcome out;
  if (!parsed.ok()) {
    out.failure = AuthFailure::kMalformed;
    out.detail = parsed.status().message();
    return out;
  }
  std::optional<Credential> cred = store.Find(parsed->access_key_id);
  if (!cred) {
    out.failure = AuthFailure::kUnknownKey;
    return out;
  }
  const std::string* token = request.Header("X-Amz-Security-Token");
  if (!cred->session_token.empty() && (token == nullptr || *token != cred->session_token)) {
    out.failure = AuthFailure::kInvalidToken;
    return out;
  }
  if (cred->expiration && now >= *cred->expiration) {
    out.failure = AuthFailure::kExpiredToken;
    return out;
  }
  const std::string* amz_date = request.Header("X-Amz-Date");
  std::optional<std::chrono::system_clock::time_point> amz_time;
  if (amz_date != nullptr) amz_time = ParseAmzDate(*amz_date);
  if (!amz_time) {
    out.failure = AuthFailure::kMalformed;
    out.detail =
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";
    return out;
  }
  const std::chrono::system_clock::time_point signed_at = *amz_time;
  if (amz_date->substr(0, 8) != parsed->date) {
    out.failure = AuthFailure::kBadSignature;
    out.detail = "Credential should be scoped to a valid date";
    return out;
  }
  if (signed_at > now + kMaxSkew || signed_at < now - kMaxSkew) {
    out.failure = AuthFailure::kSkewed;
    out.detail = "Signature expired: " + *amz_date + " is now earlier than " +
                 arm::FormatAmzDate(now - kMaxSkew) + " (" + arm::FormatAmzDate(now) +
                 " - 15 min.)";
    return out;
  }

  const bool s3 = parsed->service == "s3";
  const std::string* content_sha = request.Header("x-amz-content-sha256");
  if (s3 && content_sha == nullptr) {
    out.failure = AuthFailure::kMissingContentSha256;
    return out;
  }

  arm::HttpRequest raw = SignedPart(request, *parsed);
  arm::sigv4::SigningParams params = ParamsFor(*parsed, signed_at);
  params.access_key_id = cred->access_key_id;
  params.secret_access_key = cred->secret_access_key;
  params.session_token = cred->session_token;

  std::string computed_signed_headers;
  std::string canonical = arm::sigv4::CanonicalRequest(raw, params, &computed_signed_headers);
  std::string string_to_sign = arm::sigv4::StringToSign(canonical, params);
  std::string signature = arm::sigv4::Signature(string_to_sign, params);
  if (computed_signed_headers != Lower(parsed->signed_headers) ||
      !SignaturesEqual(signature, parsed->signature)) {
    out.failure = AuthFailure::kBadSignature;
    out.detail = CanonicalDetail(canonical, string_to_sign);
    return out;
  }
  // The signature covers the declared payload hash; the body must match it.
  const std::string* declared = raw.Header("x-amz-content-sha256");
  if (declared != nullptr && IsHex64(*declared) &&
      Lower(*declared) != arm::sigv4::Sha256Hex(request.body)) {
    out.failure = s3 ? AuthFailure::kContentSha256Mismatch : AuthFailure::kBadSignature;
    return out;
  }
  if (!s3 && declared != nullptr && !IsHex64(*declared)) {
    out.failure = AuthFailure::kBadSignature;
    return out;
  }
  out.credential = std::move(*cred);
  return out;
}

std::string GuessService(const Request& request) {
  if (!request.service.empty()) return request.service;
  if (const std::string* target = request.Header("X-Amz-Target")) {
    static const std::pair<const char*, const char*> kPrefixes[] = {
        {"DynamoDB_", "dynamodb"},
        {"Kinesis_", "kinesis"},
        {"SageMaker.", "sagemaker"},
        {"AnyScaleFrontendService.", "application-autoscaling"},
        {"ResourceGroupsTaggingAPI_", "tagging"},
        {"GraniteServiceVersion20100801.", "monitoring"},
    };
    for (const auto& [prefix, service] : kPrefixes) {
      if (target->rfind(prefix, 0) == 0) return service;
    }
    return "";
  }
  if (request.path.rfind("/2015-03-31/", 0) == 0 || request.path.rfind("/2016-08-19/", 0) == 0 ||
      request.path.rfind("/2017-03-31/", 0) == 0) {
    return "lambda";
  }
  FormParams params = ParseForm(request.method == "POST" ? request.body : request.query);
  if (const std::string* version = FormValue(params, "Version")) {
    if (*version == "2011-06-15") return "sts";
    if (*version == "2010-03-31") return "sns";
    if (*version == "2010-08-01") return "monitoring";
  }
  if (FormValue(params, "Action") != nullptr) return "";
  return "s3";
}

}  // namespace sandbox
