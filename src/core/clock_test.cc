#include "core/clock.h"

#include <gtest/gtest.h>

#include <ctime>
#include <random>
#include <string>
#include <vector>

namespace arm {

TEST(ClockTest, FormatsAndParsesUtc) {
  auto t = std::chrono::system_clock::from_time_t(1440938160);  // 2015-08-30T12:36:00Z
  EXPECT_EQ(FormatAmzDate(t), "20150830T123600Z");
  EXPECT_EQ(FormatDateStamp(t), "20150830");
  EXPECT_EQ(FormatIso8601(t), "2015-08-30T12:36:00Z");
  std::chrono::system_clock::time_point parsed;
  ASSERT_TRUE(ParseIso8601("2015-08-30T12:36:00.123Z", &parsed));
  EXPECT_EQ(parsed, t);
  ASSERT_TRUE(ParseIso8601("2015-08-30T14:36:00+02:00", &parsed));
  EXPECT_EQ(parsed, t);
  EXPECT_FALSE(ParseIso8601("yesterday", &parsed));
  // Beyond what a 64-bit nanosecond clock holds: refused, not wrapped.
  EXPECT_FALSE(ParseIso8601("4949-09-07T23:09:49Z", &parsed));
  EXPECT_FALSE(ParseIso8601("9626-02-12T19:46:19Z", &parsed));
}

// The formatters take a fast path for four-digit years; it must agree with
// gmtime_r + strftime everywhere, fractions of a second and dates before 1970
// included, and years outside 1000-9999 still format as libc does.
TEST(ClockTest, FormatsAgreeWithStrftime) {
  auto reference = [](std::chrono::system_clock::time_point t, const char* fmt) {
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    return std::string(buf, std::strftime(buf, sizeof(buf), fmt, &tm));
  };
  std::mt19937_64 rng(42);
  // system_clock counts nanoseconds in 64 bits here: it holds 1677-09-21 to
  // 2262-04-11 only (further out from_time_t overflows, which UBSan stops).
  constexpr long long kMax = 9223372035LL;  // 2262-04-11T23:47:15Z
  std::uniform_int_distribution<long long> seconds(-kMax, kMax);
  std::vector<std::chrono::system_clock::time_point> times = {
      std::chrono::system_clock::from_time_t(0),
      std::chrono::system_clock::from_time_t(-1),
      std::chrono::system_clock::from_time_t(951782400),   // 2000-02-29
      std::chrono::system_clock::from_time_t(4107542399),  // 2100-02-28T23:59:59Z
      std::chrono::system_clock::from_time_t(7258118399),  // 2199-12-31T23:59:59Z
      std::chrono::system_clock::from_time_t(kMax),
      std::chrono::system_clock::from_time_t(-kMax),
      std::chrono::system_clock::from_time_t(1440938160) + std::chrono::milliseconds(999),
      std::chrono::system_clock::from_time_t(-86400) - std::chrono::milliseconds(1)};
  for (int i = 0; i < 20000; ++i) {
    times.push_back(std::chrono::system_clock::from_time_t(seconds(rng)) +
                    std::chrono::microseconds(rng() % 1000000));
  }
  for (const auto& t : times) {
    ASSERT_EQ(FormatAmzDate(t), reference(t, "%Y%m%dT%H%M%SZ"));
    ASSERT_EQ(FormatDateStamp(t), reference(t, "%Y%m%d"));
    ASSERT_EQ(FormatIso8601(t), reference(t, "%Y-%m-%dT%H:%M:%SZ"));
  }
}

}  // namespace arm
