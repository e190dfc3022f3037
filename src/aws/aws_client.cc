#include "aws/aws_client.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <utility>

#include "aws/call_record.h"
#include "aws/sigv4.h"
#include "core/redact.h"
#include "version.h"

namespace arm {
namespace {

constexpr char kUserAgent[] = "aws-resource-manager/" ARM_VERSION;

std::string RequestIdOf(const HttpResponse& response) {
  for (const char* name : {"x-amzn-RequestId", "x-amz-request-id", "x-amzn-request-id"}) {
    if (const std::string* id = response.Header(name); id != nullptr && !id->empty()) return *id;
  }
  return "";
}

// The parser's Status, guaranteed to be an error carrying the request id.
Status ErrorFromResponse(const HttpResponse& response, const ErrorParser& parse_error,
                         const std::string& request_id) {
  Status err = parse_error ? parse_error(response) : Status();
  if (err.ok()) {
    return Status::Aws("HttpError" + std::to_string(response.status),
                       "unparsed error response (HTTP " + std::to_string(response.status) + ")",
                       response.status, request_id, false);
  }
  bool derived_code = err.code() == StatusCode::kAwsError ||
                      err.code() == StatusCode::kPermission ||
                      err.code() == StatusCode::kCredentials;
  if (err.request_id().empty() && !request_id.empty() && !err.aws_code().empty() && derived_code) {
    int http = err.http_status() != 0 ? err.http_status() : response.status;
    return Status::Aws(err.aws_code(), err.message(), http, request_id, err.retryable(),
                       err.throttling());
  }
  return err;
}

std::string JoinPath(const std::string& base, const std::string& path) {
  if (base.empty()) return path.empty() ? "/" : path;
  if (path.empty() || path == "/") return base;
  if (path.front() == '/') return base + path;
  return base + "/" + path;
}

}  // namespace

AwsClient::AwsClient(HttpTransport& transport, CredentialsProvider& credentials,
                     const EndpointResolver& endpoints, Clock& clock, RetryOptions retry)
    : transport_(transport),
      credentials_(credentials),
      endpoints_(endpoints),
      clock_(clock),
      retry_(retry),
      adaptive_(retry.adaptive) {}

AdaptiveRateLimiter* AwsClient::LimiterFor(std::string_view signing_name) {
  if (!adaptive_) return nullptr;
  std::lock_guard<std::mutex> lock(limiters_mu_);
  auto it = limiters_.find(signing_name);
  if (it == limiters_.end()) {
    it = limiters_.emplace(std::string(signing_name), std::make_unique<AdaptiveRateLimiter>(clock_))
             .first;
  }
  return it->second.get();
}

Result<HttpResponse> AwsClient::Send(const ServiceSpec& service, HttpRequest request,
                                     const ErrorParser& parse_error, CallStats* stats) {
  CallStats local_stats;
  CallStats& st = stats != nullptr ? *stats : local_stats;
  std::string operation = std::move(st.operation);
  st = CallStats();
  st.operation = operation;
  CallObserver* observer = ScopedCallObserver::Current();
  CallObserver* run_observer = run_observer_.load();
  auto started = clock_.Monotonic();
  const unsigned long long call_id = next_call_id_.fetch_add(1) + 1;
  // Reports the call to the thread's observer (audit trail), then returns.
  auto finish = [&](Result<HttpResponse> result, int http_status) {
    if (observer != nullptr || run_observer != nullptr) {
      CallRecord record;
      record.id = call_id;
      record.service = std::string(service.signing_name);
      record.iam_name = std::string(service.IamPrefix());
      record.operation = operation;
      record.target = ScopedCallTarget::Current();
      record.attempts = st.attempts;
      record.http_status = http_status;
      record.request_id = st.request_id;
      record.ok = result.ok();
      if (!result.ok()) record.error_code = result.status().aws_code();
      record.duration_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Monotonic() - started)
              .count();
      if (observer != nullptr) observer->OnCall(record);
      if (run_observer != nullptr) run_observer->OnCall(record);
    }
    return result;
  };

  Result<Endpoint> endpoint = endpoints_.Resolve(service);
  if (!endpoint.ok()) return finish(endpoint.status(), 0);
  request.scheme = endpoint->scheme;
  request.host = request.host + endpoint->host;  // non-empty host: "bucket." prefix
  request.path = JoinPath(endpoint->base_path, request.path);
  request.SetHeader("User-Agent", kUserAgent);

  sigv4::SigningParams params;
  params.region = endpoints_.region();
  params.service = std::string(service.signing_name);
  params.s3_style = service.signing_name == "s3";
  params.normalize_path = !params.s3_style;

  // One limiter per service, as the SDKs keep one per client: throttling by
  // Lambda does not slow Kinesis down.
  AdaptiveRateLimiter* limiter = LimiterFor(service.signing_name);
  auto update_limiter = [&](bool throttled, double sent_at) {
    if (limiter == nullptr) return;
    auto change = limiter->Update(throttled, sent_at);
    if (change == AdaptiveRateLimiter::Change::kNone) return;
    spdlog::debug(
        "{} client-side rate {} {:.1f} calls/s (tolerated throttled share "
        "{:.2f})",
        service.signing_name,
        change == AdaptiveRateLimiter::Change::kCut ? "cut to" : "restored to",
        limiter->fill_rate(), limiter->tolerated_share());
  };
  Status last_error;
  for (int attempt = 1;; ++attempt) {
    st.attempts = attempt;
    // Asked every attempt: providers cache, and refresh credentials that
    // expire while we back off.
    Result<Credentials> creds = credentials_.GetCredentials();
    if (!creds.ok()) return finish(creds.status(), 0);
    // A server may echo them in an error (core/redact.h).
    RememberSecret(creds->secret_access_key);
    RememberSecret(creds->session_token);
    params.access_key_id = creds->access_key_id;
    params.secret_access_key = creds->secret_access_key;
    params.session_token = creds->session_token;
    params.time = clock_.Now();

    HttpRequest signed_request = request;
    sigv4::SignRequest(signed_request, params);
    double sent_at = limiter != nullptr ? limiter->Acquire() : 0;
    if (attempt == 1 && run_observer != nullptr) {
      CallRecord sending;
      sending.id = call_id;
      sending.service = std::string(service.signing_name);
      sending.iam_name = std::string(service.IamPrefix());
      sending.operation = operation;
      sending.target = ScopedCallTarget::Current();
      sending.attempts = 1;
      run_observer->OnCallSent(sending);
    }
    Result<HttpResponse> sent = transport_.Send(signed_request);

    // Never the headers: they carry the signature and the session token.
    // One line per attempt in the debug log: the arguments are views, not
    // copies, and nothing is formatted when debug lines are off.
    if (spdlog::should_log(spdlog::level::debug)) {
      const std::string* target = request.Header("X-Amz-Target");
      std::string_view target_text =
          target != nullptr ? std::string_view(*target) : std::string_view();
      std::string_view separator = target != nullptr ? " " : "";
      if (sent.ok()) {
        spdlog::debug("{} {} {}{}{}{} -> HTTP {} (attempt {})", service.signing_name,
                      request.method, request.host, request.path, separator, target_text,
                      sent->status, attempt);
      } else {
        spdlog::debug("{} {} {}{}{}{} -> {} (attempt {})", service.signing_name, request.method,
                      request.host, request.path, separator, target_text, sent.status().ToString(),
                      attempt);
      }
    }
    Status error;
    if (sent.ok()) {
      st.request_id = RequestIdOf(*sent);
      if (sent->status >= 200 && sent->status < 300) {
        update_limiter(false, sent_at);
        retry_.OnSuccess(attempt > 1, last_error);
        int http = sent->status;
        return finish(std::move(sent).value(), http);
      }
      error = ErrorFromResponse(*sent, parse_error, st.request_id);
      if (st.request_id.empty()) st.request_id = error.request_id();
      update_limiter(IsThrottlingError(error), sent_at);
    } else {
      error = sent.status();
    }

    std::optional<std::chrono::milliseconds> delay = retry_.NextDelay(error, attempt);
    if (!delay) return finish(error, sent.ok() ? sent->status : 0);
    bool throttled = IsThrottlingError(error);
    if (throttled) throttled_retries_.fetch_add(1, std::memory_order_relaxed);
    spdlog::log(throttled ? spdlog::level::debug : spdlog::level::info,
                "{} call failed ({}); retrying in {} ms (attempt {})", service.signing_name,
                error.aws_code().empty() ? error.message() : error.aws_code(), delay->count(),
                attempt + 1);
    last_error = std::move(error);
    clock_.SleepFor(*delay);
  }
}

}  // namespace arm
