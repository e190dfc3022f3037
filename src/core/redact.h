#pragma once
// Text that came from a server (an AWS error message, an excerpt of a body
// that did not parse) made safe to keep in a Status, and so in stdout,
// stderr, the log, the audit report and the SNS message. AWS's
// InvalidSignatureException quotes the canonical request, session token
// included; a hostile or broken endpoint may echo anything.
#include <cstddef>
#include <string>
#include <string_view>

namespace arm {

inline constexpr size_t kServerTextMaxBytes = 512;
inline constexpr char kRedacted[] = "[redacted]";

// Makes RedactSecrets remove `secret` (a live secret key or session token)
// wherever it appears, for the rest of the process, in the forms a server may
// echo it: raw, percent-encoded (upper- or lower-case hex, "%20" or "+" for a
// space, "/" kept or encoded) and JSON-escaped ("\/" for "/"). Values shorter
// than 8 bytes are ignored: they would match ordinary words. Thread-safe.
void RememberSecret(std::string_view secret);

// `text` with every remembered secret, and the value after each
// `Signature`, `Credential`, `...Token` (x-amz-security-token:,
// X-Amz-Security-Token=, "SessionToken": ..., <SessionToken>...) and
// `SecretAccessKey` / `secret_access_key` marker (followed by ':', '=' or
// '>'), replaced by kRedacted. Thread-safe.
std::string RedactSecrets(std::string_view text);

// RedactSecrets, then control characters (newlines included) turned into
// single spaces, and cut to at most kServerTextMaxBytes bytes on a UTF-8
// boundary ("..." appended). Every message a server wrote goes through it
// once, where it becomes a Status (aws/protocols/wire_errors.h).
std::string ServerText(std::string_view text);

}  // namespace arm
