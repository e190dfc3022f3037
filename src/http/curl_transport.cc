#include "http/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include "core/redact.h"

namespace arm {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

bool Append(Slist& list, const std::string& line) {
  curl_slist* next = curl_slist_append(list.get(), line.c_str());
  if (next == nullptr) return false;
  list.release();
  list.reset(next);
  return true;
}

std::string_view TrimCrlfAndSpace(std::string_view s) {
  while (!s.empty() &&
         (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

// What the C callbacks share with Send for one transfer. A callback never
// lets an exception out (it would unwind through libcurl's C frames and end
// the process): it notes what went wrong and returns a short count, which
// aborts the transfer with CURLE_WRITE_ERROR.
struct Transfer {
  HttpResponse* response = nullptr;
  size_t header_bytes = 0;
  bool too_large = false;
  std::string failure;  // set by a callback that aborted the transfer
};

size_t OnBody(char* data, size_t size, size_t nmemb, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * nmemb;
  try {
    std::string& body = t->response->body;
    if (n > kMaxResponseBodyBytes - body.size()) {
      t->too_large = true;  // an endless or chunked body: the counter stops it
      return 0;
    }
    body.append(data, n);
    return n;
  } catch (const std::bad_alloc&) {
    t->failure = "out of memory reading the response";
  } catch (const std::exception& e) {
    t->failure = std::string("reading the response failed: ") + e.what();
  } catch (...) {
    t->failure = "reading the response failed";
  }
  return 0;
}

size_t OnHeader(char* data, size_t size, size_t nmemb, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * nmemb;
  try {
    t->header_bytes += n;
    if (t->header_bytes > kMaxResponseHeaderBytes) {
      t->failure = "response headers larger than 1 MiB";
      return 0;
    }
    HttpResponse* response = t->response;
    std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
      // A new status line (after 100 Continue or a proxy CONNECT): only the
      // final response's headers count.
      response->headers.clear();
      return n;
    }
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      response->headers.emplace_back(std::string(TrimCrlfAndSpace(line.substr(0, colon))),
                                     std::string(TrimCrlfAndSpace(line.substr(colon + 1))));
    }
    return n;
  } catch (const std::bad_alloc&) {
    t->failure = "out of memory reading the response headers";
  } catch (const std::exception& e) {
    t->failure = std::string("reading the response headers failed: ") + e.what();
  } catch (...) {
    t->failure = "reading the response headers failed";
  }
  return 0;
}

std::string TooLarge(const std::string& host) {
  return "response from " + host + " larger than " + std::to_string(kMaxResponseBodyBytes >> 20) +
         " MiB";
}

// The Status for a transfer that produced no response. `where` names the
// host; the URL's path and query are left out of the message.
Status ErrorFor(CURLcode code, const std::string& where, const char* detail) {
  std::string suffix =
      std::string(" (") + (detail[0] != '\0' ? detail : curl_easy_strerror(code)) + ")";
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      return Status::NetworkError("connection refused or unreachable: " + where + suffix);
    case CURLE_OPERATION_TIMEDOUT:
      return Status::NetworkError("request to " + where + " timed out" + suffix);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return Status::NetworkError("could not resolve host: " + where + suffix);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return Status::NetworkError("connection reset or closed by " + where + suffix);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return Status::NetworkError("TLS verification of " + where + " failed" + suffix,
                                  /*retryable=*/false);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return Status::NetworkError("invalid URL for " + where + suffix,
                                  /*retryable=*/false);
    case CURLE_OUT_OF_MEMORY:
      return Status::NetworkError("out of memory sending to " + where,
                                  /*retryable=*/false);
    default:
      return Status::NetworkError("request to " + where + " failed" + suffix);
  }
}

}  // namespace

std::vector<CurlLongOption> CurlFixedOptions() {
  return {{CURLOPT_NOSIGNAL, 1L},
          {CURLOPT_MAXFILESIZE_LARGE, static_cast<long>(kMaxResponseBodyBytes)},
          {CURLOPT_SSL_VERIFYPEER, 1L},
          {CURLOPT_SSL_VERIFYHOST, 2L},
          {CURLOPT_FOLLOWLOCATION, 0L}};
}

CurlTransport::CurlTransport() { GlobalInitOnce(); }

CurlTransport::~CurlTransport() {
  for (void* h : idle_) curl_easy_cleanup(static_cast<CURL*>(h));
}

void* CurlTransport::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      void* h = idle_.back();
      idle_.pop_back();
      return h;
    }
  }
  // A new handle gets the options that are the same for every request once;
  // a pooled handle keeps them (and its live connections) between requests.
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return nullptr;
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  for (const CurlLongOption& o : CurlFixedOptions()) {
    // *_LARGE options take a curl_off_t.
    if (o.option == CURLOPT_MAXFILESIZE_LARGE) {
      curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.value));
    } else {
      curl_easy_setopt(curl, static_cast<CURLoption>(o.option), o.value);
    }
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  return curl;
}

void CurlTransport::Release(void* handle) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(handle);
}

Result<HttpResponse> CurlTransport::Send(const HttpRequest& request) {
  CURL* curl = static_cast<CURL*>(Acquire());
  if (curl == nullptr) return Status::NetworkError("curl_easy_init failed", /*retryable=*/false);
  // Back to the pool on every path, with its live connections.
  std::unique_ptr<void, std::function<void(void*)>> guard(curl, [this](void* h) { Release(h); });

  std::string url = request.Url();
  HttpResponse response;
  Transfer transfer;
  transfer.response = &response;
  char error_buffer[CURL_ERROR_SIZE] = {0};

  Slist headers;
  bool ok = true;
  std::string line;
  for (const auto& [name, value] : request.headers) {
    // A CR or LF would end this header and start another (a token taken
    // from a server is one way such a value gets here).
    if (name.empty() || HasControlCharacter(name) || HasControlCharacter(value) ||
        name.find(':') != std::string::npos)
      return Status::NetworkError("refused to send header \"" + ServerText(name) + "\" to " +
                                      request.host +
                                      ": its name or value holds a control character",
                                  /*retryable=*/false);
    // "Name;" is libcurl's syntax for a header with an empty value.
    line.assign(name);
    line += value.empty() ? ";" : ": ";
    line += value;
    ok = ok && Append(headers, line);
  }
  ok = ok && Append(headers, "Expect:");  // no 100-continue round trip
  if (request.Header("Content-Type") == nullptr) ok = ok && Append(headers, "Content-Type:");
  if (!ok)
    return Status::NetworkError("out of memory building headers",
                                /*retryable=*/false);

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  auto capped = [](std::chrono::milliseconds t, std::chrono::milliseconds cap) {
    return static_cast<long>((cap.count() > 0 ? std::min(t, cap) : t).count());
  };
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, capped(request.timeout, timeout_cap_));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   capped(request.connect_timeout, connect_timeout_cap_));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  // nullptr: libcurl's own no_proxy/NO_PROXY handling.
  curl_easy_setopt(curl, CURLOPT_NOPROXY, request.no_proxy ? "*" : nullptr);

  // The method options of the handle's previous request are undone first:
  // a plain GET with no body, as a fresh handle has. (CURLOPT_POSTFIELDS
  // switches the handle to POST; CURLOPT_HTTPGET switches it back and clears
  // NOBODY.)
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(-1));
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, nullptr);
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  if (request.method == "GET" && request.body.empty()) {
    // the reset above
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    }
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  CURLcode rc = curl_easy_perform(curl);
  // The handle outlives this call in the pool: drop pointers into our stack
  // and into the request.
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, nullptr);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, nullptr);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
  const std::string where = request.scheme + "://" + request.host;
  if (transfer.too_large || rc == CURLE_FILESIZE_EXCEEDED)
    return Status::NetworkError(TooLarge(where), /*retryable=*/false);
  if (!transfer.failure.empty())
    return Status::NetworkError(transfer.failure + " from " + where, /*retryable=*/false);
  if (rc != CURLE_OK) return ErrorFor(rc, where, error_buffer);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace arm
