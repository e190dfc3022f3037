#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>

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

TEST(DescribeAsFoundTest, AFailedDescribeIsAnUnknownResourceAndTheOthersGoOn) {
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
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->size(), 3u);
  EXPECT_EQ((*out)[0].name, "a");
  EXPECT_TRUE((*out)[0].known());
  EXPECT_EQ((*out)[1].name, "b");
  EXPECT_FALSE((*out)[1].known());
  EXPECT_NE((*out)[1].describe_error.message().find("no b"), std::string::npos);
  EXPECT_EQ((*out)[2].name, "z");
  EXPECT_EQ((*out)[2].describe_error.aws_code(), "AccessDenied");
}

TEST(DescribeAsFoundTest, ACredentialsErrorFailsTheWholeType) {
  TypeSelection sel;
  auto out = DescribeAsFound(
      sel,
      [](const std::function<void(const std::string&)>& emit) {
        for (const char* n : {"a", "b"}) emit(n);
        return Status::Ok();
      },
      [](const std::string& name) -> Result<Snapshot> {
        if (name == "a") return Named(name);
        return Status::Credentials("the security token expired");
      });
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kCredentials);
}

TEST(DescribeEachTest, AFailedDescribeIsAnUnknownResourceAndTheOthersGoOn) {
  auto out = DescribeEach(std::set<std::string>{"a", "b"}, 2,
                          [](const std::string& name) -> Result<Snapshot> {
                            if (name == "a")
                              return Status::NetworkError("connection reset by peer");
                            return Named(name);
                          });
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->size(), 2u);
  EXPECT_FALSE((*out)[0].known());
  EXPECT_EQ((*out)[0].name, "a");
  EXPECT_TRUE((*out)[1].known());
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
