#include "core/clock.h"

#include <gtest/gtest.h>

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
}

}  // namespace arm
