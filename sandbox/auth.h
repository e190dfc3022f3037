#pragma once
// Who may call the sandbox and how their requests are checked: the credential
// store (estate credentials, test/test, and AssumeRole's temporary keys),
// SigV4 verification of a raw request, and allow-list matching.
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/sigv4.h"
#include "sandbox/service_handler.h"

namespace sandbox {

struct Credential {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // required on every request when set
  std::string account_id;
  std::string arn;
  std::string user_id;             // GetCallerIdentity's UserId
  std::vector<std::string> allow;  // "svc:Action" or "svc:Prefix*"; empty: all
  std::optional<std::chrono::system_clock::time_point> expiration;
};

// Thread-safe.
class CredentialStore {
 public:
  // Replaces everything with the estate's "credentials" plus test/test for
  // account 000000000000 (unless the estate redefines key "test").
  void Load(const nlohmann::json& estate);
  void Add(Credential credential);
  std::optional<Credential> Find(const std::string& access_key_id) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, Credential> by_key_;
};

// True when `action` ("kinesis:UpdateShardCount") matches an entry of the
// allow list; an empty list allows everything. IAM matching is
// case-insensitive and '*' matches any run of characters.
bool ActionAllowed(const std::vector<std::string>& allow, std::string_view action);

enum class AuthFailure {
  kNone,
  kMissing,    // no Authorization header
  kMalformed,  // Authorization header or X-Amz-Date unusable
  kUnknownKey,
  kInvalidToken,  // session token missing or not the key's
  kExpiredToken,
  kBadSignature,
  kSkewed,                 // X-Amz-Date more than 15 minutes away
  kMissingContentSha256,   // S3 only
  kContentSha256Mismatch,  // S3 only
};

struct AuthOutcome {
  AuthFailure failure = AuthFailure::kNone;
  std::string detail;  // for the error message where AWS gives one
  Credential credential;
  bool ok() const { return failure == AuthFailure::kNone; }
};

// The service of the Authorization header's credential scope, unverified
// (routes httplib's own error answers); "" when absent or malformed.
std::string ScopeService(const Request& request);

// Equal signatures, compared in constant time (CRYPTO_memcmp): the time a
// mismatch takes says nothing about how much of a guess was right.
bool SignaturesEqual(std::string_view computed, std::string_view given);

// Verifies the request's SigV4 signature against the store.
AuthOutcome Authenticate(const Request& request, const CredentialStore& store,
                         std::chrono::system_clock::time_point now);
// The same with the request's Authorization header (present) already parsed:
// the server parses it once for routing and verification.
AuthOutcome Authenticate(const Request& request,
                         const arm::Result<arm::sigv4::AuthorizationHeader>& parsed,
                         const CredentialStore& store, std::chrono::system_clock::time_point now);

// The canonical request and string to sign of `request` as AWS quotes them
// in a signature mismatch, followed by its Authorization header: the text of
// the echo-signature fault ("" when the request is not signed).
std::string EchoedSignatureDetail(const Request& request);

// The request's session token as a hostile server may echo it from the
// request it received, with no marker before it: percent-encoded with upper-
// and lower-case hex, and JSON-escaped. The text of the echo-encoded fault
// ("" when the request carries no token).
std::string EchoedEncodedTokenDetail(const Request& request);

// The failure in the service's own error shape (handler may be null when the
// service is unknown).
Response AuthFailureResponse(const ServiceHandler* handler, const Request& request,
                             const AuthOutcome& outcome);

// Signing name an unsigned request is meant for, from its shape: X-Amz-Target
// prefix, Lambda's path, the query API Version, else "s3".
std::string GuessService(const Request& request);

// Parses "20150830T123600Z".
std::optional<std::chrono::system_clock::time_point> ParseAmzDate(const std::string& value);

}  // namespace sandbox
