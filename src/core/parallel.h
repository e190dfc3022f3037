#pragma once
// Runs fn(0..n-1) on up to `workers` threads (the calling thread included).
// Every index runs exactly once; the call returns when all are done.
#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace arm {

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
