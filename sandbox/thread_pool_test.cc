#include "sandbox/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace sandbox {
namespace {

// Jobs that each wait until `n` of them run at the same time (or a generous
// deadline passes, so that a pool that cannot run them all fails instead of
// hanging).
struct Rendezvous {
  std::mutex mu;
  std::condition_variable cv;
  int running = 0;
  int released = 0;
  std::atomic<int> met{0};
  void Arrive(int n) {
    std::unique_lock<std::mutex> lock(mu);
    ++running;
    cv.notify_all();
    if (cv.wait_for(lock, std::chrono::seconds(20), [&] { return running >= n || released > 0; }) &&
        running >= n)
      ++met;
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu);
    ++released;
    cv.notify_all();
  }
};

TEST(GrowingThreadPoolTest, RunsEveryJobAtOnceWhenEachHoldsItsThread) {
  // Like 300 keep-alive connections, each holding a thread while open.
  constexpr int kJobs = 300;
  Rendezvous r;
  GrowingThreadPool pool(1024);
  for (int i = 0; i < kJobs; ++i) pool.enqueue([&] { r.Arrive(kJobs); });
  pool.shutdown();
  EXPECT_EQ(r.met.load(), kJobs);
}

TEST(GrowingThreadPoolTest, StartsNoMoreThreadsThanItsCapAndQueuesTheRest) {
  GrowingThreadPool pool(3);
  Rendezvous r;
  std::atomic<int> done{0};
  for (int i = 0; i < 10; ++i)
    pool.enqueue([&] {
      r.Arrive(100);  // never met: held until released
      ++done;
    });
  {
    std::unique_lock<std::mutex> lock(r.mu);
    r.cv.wait(lock, [&] { return r.running >= 3; });
  }
  EXPECT_EQ(pool.threads_started(), 3U);
  r.Release();
  pool.shutdown();  // runs the queued jobs before joining
  EXPECT_EQ(done.load(), 10);
  EXPECT_EQ(r.met.load(), 0);
}

TEST(GrowingThreadPoolTest, ReusesIdleThreads) {
  GrowingThreadPool pool(1024);
  std::atomic<int> done{0};
  for (int i = 0; i < 50; ++i) {
    pool.enqueue([&] { ++done; });
    while (done.load() < i + 1 || pool.threads_idle() < pool.threads_started())
      std::this_thread::yield();
  }
  // One job at a time, each enqueued once the pool is idle: one thread.
  EXPECT_EQ(pool.threads_started(), 1U);
  pool.shutdown();
  EXPECT_EQ(done.load(), 50);
}

}  // namespace
}  // namespace sandbox
