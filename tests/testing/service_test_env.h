#pragma once
// A real AwsClient over FakeTransport and FakeClock, for service-client tests:
// queue canned answers, call the client, assert on the exact requests sent.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "aws/aws_client.h"
#include "aws/credentials.h"
#include "aws/endpoints.h"
#include "core/environment.h"
#include "http/http.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_transport.h"

namespace arm::testing {

class ServiceTestEnv {
 public:
  ServiceTestEnv()
      : credentials_(Credentials{"AKIDEXAMPLE", "secret", "", std::nullopt, "static"}),
        resolver_(EndpointConfig{"us-east-1", "http://127.0.0.1:4566", "", false}, env_),
        client_(transport_, credentials_, resolver_, clock_, Retry()) {}

  AwsClient& client() { return client_; }
  FakeTransport& transport() { return transport_; }
  FakeClock& clock() { return clock_; }
  const std::vector<HttpRequest>& requests() const { return transport_.requests(); }
  const HttpRequest& request(size_t i) const { return transport_.requests().at(i); }

  void EnqueueJson(const nlohmann::json& body) {
    transport_.Enqueue(
        200, body.dump(),
        {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "req-1"}});
  }
  // An awsJson / restJson error answer.
  void EnqueueJsonError(int status, const std::string& type, const std::string& message) {
    transport_.Enqueue(status, nlohmann::json{{"__type", type}, {"message", message}}.dump(),
                       {{"x-amzn-RequestId", "req-err"}});
  }
  void EnqueueXml(const std::string& xml, int status = 200) {
    transport_.Enqueue(status, xml, {{"Content-Type", "text/xml"}});
  }

  // The JSON body of request `i`.
  nlohmann::json JsonBody(size_t i) const { return nlohmann::json::parse(request(i).body); }
  std::string Header(size_t i, const std::string& name) const {
    const std::string* v = request(i).Header(name);
    return v == nullptr ? "<absent>" : *v;
  }
  // Form body (query protocol) or query string as a name -> value map.
  static std::map<std::string, std::string> ParseForm(const std::string& form) {
    std::map<std::string, std::string> out;
    size_t start = 0;
    while (start < form.size()) {
      size_t end = form.find('&', start);
      if (end == std::string::npos) end = form.size();
      std::string pair = form.substr(start, end - start);
      size_t eq = pair.find('=');
      std::string name = pair.substr(0, eq);
      std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
      for (char& c : value) {
        if (c == '+') c = ' ';
      }
      out[UriDecode(name)] = UriDecode(value);
      start = end + 1;
    }
    return out;
  }
  std::map<std::string, std::string> Form(size_t i) const { return ParseForm(request(i).body); }
  std::map<std::string, std::string> Query(size_t i) const { return ParseForm(request(i).query); }

 private:
  static RetryOptions Retry() {
    RetryOptions o;
    o.max_attempts = 1;  // one canned answer per call
    o.seed = 1;
    return o;
  }

  MapEnvironment env_;
  FakeTransport transport_;
  FakeClock clock_;
  StaticCredentialsProvider credentials_;
  EndpointResolver resolver_;
  AwsClient client_;
};

}  // namespace arm::testing
