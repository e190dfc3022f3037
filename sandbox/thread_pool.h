#pragma once
// httplib's task queue for aws-sandbox: httplib serves a keep-alive
// connection on one queue thread until the connection closes, so a pool of
// fixed size N stalls the (N+1)th client until a connection idles out (5 s).
// This one starts a thread whenever every thread is busy, up to `max_threads`,
// and keeps finished ones for reuse; jobs over the cap wait in order.
#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sandbox {

class GrowingThreadPool final : public httplib::TaskQueue {
 public:
  explicit GrowingThreadPool(size_t max_threads);
  ~GrowingThreadPool() override;
  GrowingThreadPool(const GrowingThreadPool&) = delete;
  GrowingThreadPool& operator=(const GrowingThreadPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  // Runs the jobs already queued, then joins every thread.
  void shutdown() override;

  size_t threads_started() const;
  size_t threads_idle() const;

 private:
  void Work();

  const size_t max_threads_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  bool shutdown_ = false;
};

}  // namespace sandbox
