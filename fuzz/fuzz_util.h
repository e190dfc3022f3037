#pragma once
// Shared pieces of the libFuzzer targets: one fuzzed HTTP answer (status,
// headers, body) and an AwsClient wired to a transport that serves it, so the
// protocol and service-client decoders run exactly as after a real call.
#include <fuzzer/FuzzedDataProvider.h>

#include <chrono>
#include <memory>
#include <string>

#include "aws/aws_client.h"
#include "aws/credentials.h"
#include "aws/endpoints.h"
#include "core/clock.h"
#include "core/environment.h"
#include "http/http.h"

namespace arm::fuzz {

// The header names the protocol parsers look at; fuzzed values go into them.
inline constexpr const char* kHeaderNames[] = {"x-amzn-RequestId",    "x-amz-request-id",
                                               "x-amzn-ErrorType",    "X-Amzn-ErrorType",
                                               "x-amz-bucket-region", "Content-Type"};

// FuzzedDataProvider takes integers from the end and strings from the front,
// so a seed file is: one value per header in the mask (each ended by a backslash
// and one more byte), the body, then the header mask byte, then the status
// selector byte (index into kStatuses, modulo). Targets that pick an
// operation take that byte first, so it is the very last one. Seeds stay
// readable: plain JSON or XML followed by three bytes.
inline HttpResponse ConsumeResponse(FuzzedDataProvider& data) {
  static constexpr int kStatuses[] = {200, 200, 200, 204, 301, 307, 400,
                                      403, 404, 409, 429, 500, 503, 504};
  HttpResponse response;
  response.status = data.PickValueInArray(kStatuses);
  uint8_t mask = data.ConsumeIntegral<uint8_t>();
  for (size_t i = 0; i < std::size(kHeaderNames); ++i) {
    if ((mask & (1u << i)) != 0) {
      response.headers.emplace_back(kHeaderNames[i], data.ConsumeRandomLengthString(64));
    }
  }
  response.body = data.ConsumeRemainingBytesAsString();
  return response;
}

// Serves `first` once, then `rest` for every later request (ends paging
// loops that would otherwise follow the same fuzzed token forever).
class OneAnswerTransport final : public HttpTransport {
 public:
  OneAnswerTransport(HttpResponse first, HttpResponse rest)
      : first_(std::move(first)), rest_(std::move(rest)) {}
  Result<HttpResponse> Send(const HttpRequest&) override {
    ++requests_;
    if (requests_ == 1) return first_;
    if (requests_ > 64) return Status::NetworkError("fuzz: too many requests");
    return rest_;
  }

 private:
  HttpResponse first_;
  HttpResponse rest_;
  int requests_ = 0;
};

// Time stands still and sleeping is free: retries cost no wall time.
class NoSleepClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::from_time_t(1440938160);
  }
  std::chrono::steady_clock::time_point Monotonic() const override {
    return std::chrono::steady_clock::time_point();
  }
  void SleepFor(std::chrono::milliseconds) override {}
};

// Everything an AwsClient needs, pointed at a fixed local endpoint.
struct ClientFixture {
  ClientFixture(HttpResponse first, HttpResponse rest)
      : transport(std::move(first), std::move(rest)),
        credentials(Credentials{"AKIDEXAMPLE", "secret", "", std::nullopt, "fuzz"}),
        endpoints(EndpointConfig{"us-east-1", "http://127.0.0.1:4566", "", false}, env),
        client(transport, credentials, endpoints, clock,
               RetryOptions{.max_attempts = 2, .seed = 1}) {}

  MapEnvironment env;
  OneAnswerTransport transport;
  StaticCredentialsProvider credentials;
  NoSleepClock clock;
  EndpointResolver endpoints;
  AwsClient client;
};

}  // namespace arm::fuzz
