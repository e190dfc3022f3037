#pragma once
// Runs fn(0..n-1) on up to `workers` threads (the calling thread included).
// Every index runs exactly once; the call returns when all are done.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace arm {

// At most `n` holders at a time: one budget of calls in flight shared by
// several ParallelFor loops (discovery runs every type at once).
class Slots {
 public:
  explicit Slots(int n) : free_(n < 1 ? 1 : n) {}
  void Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return free_ > 0; });
    --free_;
  }
  void Release() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++free_;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;
};

inline void ParallelFor(size_t n, int workers, const std::function<void(size_t)>& fn) {
  if (n == 0) return;
  size_t threads = static_cast<size_t>(workers < 1 ? 1 : workers);
  if (threads > n) threads = n;
  std::atomic<size_t> next{0};
  auto loop = [&] {
    for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) fn(i);
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(loop);
  loop();
  for (auto& th : pool) th.join();
}

}  // namespace arm
