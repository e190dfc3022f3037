#include "sandbox/thread_pool.h"

#include <algorithm>

namespace sandbox {

GrowingThreadPool::GrowingThreadPool(size_t max_threads)
    : max_threads_(std::max<size_t>(1, max_threads)) {}

GrowingThreadPool::~GrowingThreadPool() { shutdown(); }

void GrowingThreadPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutdown_) return;  // httplib stops enqueueing before it shuts down
    jobs_.push_back(std::move(fn));
    // Idle threads will take the queued jobs; start one more only for the
    // jobs they cannot cover.
    if (jobs_.size() > idle_ && threads_.size() < max_threads_)
      threads_.emplace_back([this] { Work(); });
  }
  cv_.notify_one();
}

void GrowingThreadPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    shutdown_ = true;
    threads.swap(threads_);
  }
  cv_.notify_all();
  for (auto& t : threads) t.join();
}

size_t GrowingThreadPool::threads_started() const {
  std::lock_guard<std::mutex> lock(mu_);
  return threads_.size();
}

size_t GrowingThreadPool::threads_idle() const {
  std::lock_guard<std::mutex> lock(mu_);
  return idle_;
}

void GrowingThreadPool::Work() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    ++idle_;
    cv_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty()) return;  // shut down, nothing left to run
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    job = nullptr;
    lock.lock();
  }
}

}  // namespace sandbox
