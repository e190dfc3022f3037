#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "core/parallel.h"
#include "resources/resource.h"

namespace arm {
namespace {

Result<Snapshot> Named(const std::string& name) {
  Snapshot s;
  s.type = "t";
  s.name = name;
  return s;
}

TEST(DescribeAsFoundTest, DescribesEveryNameOnceInNameOrder) {
  TypeSelection sel;
  sel.parallelism = 4;
  std::mutex mu;
  std::map<std::string, int> described;
  auto out = DescribeAsFound(
      sel,
      [](const std::function<void(const std::string&)>& emit) {
        for (const char* n : {"c", "a", "b"}) emit(n);  // page 1
        for (const char* n : {"a", "d"}) emit(n);       // page 2 repeats "a"
        return Status::Ok();
      },
      [&](const std::string& name) {
        std::lock_guard<std::mutex> lock(mu);
        described[name]++;
        return Named(name);
      });
  ASSERT_TRUE(out.ok());
  std::vector<std::string> names;
  for (const auto& s : *out) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c", "d"}));
  for (const auto& [name, n] : described) EXPECT_EQ(n, 1) << name;
}

TEST(DescribeAsFoundTest, AFailedListingWins) {
  TypeSelection sel;
  sel.parallelism = 2;
  auto out = DescribeAsFound(
      sel,
      [](const std::function<void(const std::string&)>& emit) {
        emit("a");
        return Status::Aws("ThrottlingException", "page 2", 400, "r", true, true);
      },
      [](const std::string& name) { return Named(name); });
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().aws_code(), "ThrottlingException");
}

TEST(DescribeAsFoundTest, TheFirstFailedDescribeInNameOrderIsReturned) {
  TypeSelection sel;
  sel.parallelism = 3;
  auto out = DescribeAsFound(
      sel,
      [](const std::function<void(const std::string&)>& emit) {
        for (const char* n : {"z", "b", "a"}) emit(n);
        return Status::Ok();
      },
      [](const std::string& name) -> Result<Snapshot> {
        if (name == "a") return Named(name);
        return Status::Aws("AccessDenied", "no " + name, 403, "r", false);
      });
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("no b"), std::string::npos);
}

TEST(DescribeAsFoundTest, SharedSlotsCapTheCallsInFlight) {
  Slots slots(2);
  TypeSelection sel;
  sel.parallelism = 8;
  sel.slots = &slots;
  std::atomic<int> in_flight{0}, most{0};
  auto out = DescribeAsFound(
      sel,
      [](const std::function<void(const std::string&)>& emit) {
        for (int i = 0; i < 50; ++i) emit("n" + std::to_string(i));
        return Status::Ok();
      },
      [&](const std::string& name) {
        int now = ++in_flight;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --in_flight;
        return Named(name);
      });
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->size(), 50u);
  EXPECT_LE(most.load(), 2);
}

}  // namespace
}  // namespace arm
