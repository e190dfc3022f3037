#include "core/redact.h"

#include <algorithm>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace arm {
namespace {

constexpr size_t kMinSecretBytes = 8;

struct KnownSecrets {
  std::shared_mutex mu;
  std::vector<std::string> values;
};

KnownSecrets& Known() {
  static KnownSecrets* known = new KnownSecrets;  // never destroyed: used at exit
  return *known;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Position of `needle` (lower case) in `text` from `from`, ignoring case.
size_t FindNoCase(std::string_view text, std::string_view needle, size_t from) {
  if (needle.size() > text.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= text.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && Lower(text[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool ValueChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u == 0x7F) return false;
  return std::string_view(",&\"'<>;()[]{}\\").find(c) == std::string_view::npos;
}

// Markers are matched anywhere (so "token" covers x-amz-security-token,
// SessionToken and Token), then need ':', '=' or '>' before the value.
constexpr std::string_view kMarkers[] = {"signature", "credential", "token", "secretaccesskey",
                                         "secret_access_key"};

std::string RedactMarkers(std::string_view text) {
  std::string out(text);
  for (std::string_view marker : kMarkers) {
    for (size_t pos = FindNoCase(out, marker, 0); pos != std::string::npos;
         pos = FindNoCase(out, marker, pos + 1)) {
      size_t i = pos + marker.size();
      bool assigned = false;
      // Separators: "Signature=", "token:", "Token": ", "<Token>", "= ".
      for (size_t n = 0; n < 4 && i < out.size(); ++n, ++i) {
        char c = out[i];
        if (c == ':' || c == '=' || c == '>') {
          assigned = true;
        } else if (c != '"' && c != '\'' && c != ' ' && c != '\t') {
          break;
        }
      }
      if (!assigned) continue;
      size_t end = i;
      while (end < out.size() && ValueChar(out[end])) ++end;
      if (end == i || out.compare(i, end - i, kRedacted) == 0) continue;
      out.replace(i, end - i, kRedacted);
    }
  }
  return out;
}

bool Unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// `secret` percent-encoded as an HTTP client may send it: RFC 3986
// unreserved characters kept (SigV4 URI-encoding), hex in `upper` or lower
// case, a space as "%20" or, in a form body, "+"; `keep_slash` for a path.
std::string PercentEncoded(std::string_view secret, bool upper, bool space_plus, bool keep_slash) {
  const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (char c : secret) {
    unsigned char u = static_cast<unsigned char>(c);
    if (Unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(c);
    } else if (space_plus && c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 0xF]);
    }
  }
  return out;
}

// The forms in which a server may echo `secret`: as sent (raw or
// percent-encoded) or quoted in JSON ("\/" for "/").
std::vector<std::string> EncodedForms(std::string_view secret) {
  std::vector<std::string> forms = {std::string(secret)};
  auto add = [&](std::string form) {
    if (std::find(forms.begin(), forms.end(), form) == forms.end())
      forms.push_back(std::move(form));
  };
  for (bool upper : {true, false})
    for (bool space_plus : {false, true})
      for (bool keep_slash : {false, true})
        add(PercentEncoded(secret, upper, space_plus, keep_slash));
  std::string json;
  for (char c : secret) {
    if (c == '/') json.push_back('\\');
    json.push_back(c);
  }
  add(std::move(json));
  return forms;
}

}  // namespace

void RememberSecret(std::string_view secret) {
  if (secret.size() < kMinSecretBytes) return;
  KnownSecrets& known = Known();
  {
    std::shared_lock<std::shared_mutex> lock(known.mu);
    if (std::find(known.values.begin(), known.values.end(), secret) != known.values.end()) return;
  }
  std::unique_lock<std::shared_mutex> lock(known.mu);
  for (std::string& form : EncodedForms(secret)) {
    if (std::find(known.values.begin(), known.values.end(), form) == known.values.end())
      known.values.push_back(std::move(form));
  }
}

std::string RedactSecrets(std::string_view text) {
  std::string out(text);
  {
    KnownSecrets& known = Known();
    std::shared_lock<std::shared_mutex> lock(known.mu);
    for (const std::string& secret : known.values) {
      for (size_t pos = out.find(secret); pos != std::string::npos;
           pos = out.find(secret, pos + sizeof(kRedacted) - 1)) {
        out.replace(pos, secret.size(), kRedacted);
      }
    }
  }
  return RedactMarkers(out);
}

std::string ServerText(std::string_view text) {
  std::string redacted = RedactSecrets(text);
  std::string out;
  out.reserve(std::min(redacted.size(), kServerTextMaxBytes + 3));
  for (size_t i = 0; i < redacted.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(redacted[i]);
    // C0, DEL, and C1 (U+0080..U+009F, UTF-8 C2 80..C2 9F).
    bool c1 = u == 0xC2 && i + 1 < redacted.size() &&
              static_cast<unsigned char>(redacted[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(redacted[i + 1]) <= 0x9F;
    if (u < 0x20 || u == 0x7F || c1) {
      if (c1) ++i;
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(redacted[i]);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() <= kServerTextMaxBytes) return out;
  size_t cut = kServerTextMaxBytes;
  // Never split a UTF-8 sequence: the message may end up in JSON.
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  return out + "...";
}

}  // namespace arm
