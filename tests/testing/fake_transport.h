#pragma once
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "http/http.h"

namespace arm::testing {

// Records every request; answers from a handler or from queued responses.
class FakeTransport final : public HttpTransport {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;
  void SetHandler(Handler h) { handler_ = std::move(h); }
  void Enqueue(Result<HttpResponse> r) { queue_.push_back(std::move(r)); }
  void Enqueue(int status, std::string body, Headers headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    queue_.push_back(r);
  }
  Result<HttpResponse> Send(const HttpRequest& request) override {
    std::lock_guard<std::mutex> l(mu_);
    requests_.push_back(request);
    if (!queue_.empty()) {
      auto r = queue_.front();
      queue_.pop_front();
      return r;
    }
    if (handler_) return handler_(request);
    return Status::NetworkError("FakeTransport: no response queued for " + request.Url());
  }
  const std::vector<HttpRequest>& requests() const { return requests_; }

 private:
  std::mutex mu_;
  Handler handler_;
  std::deque<Result<HttpResponse>> queue_;
  std::vector<HttpRequest> requests_;
};

}  // namespace arm::testing
