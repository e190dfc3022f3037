#include "cli/main_guard.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace arm {
namespace {

TEST(MainGuardTest, TheBodysExitCodeIsKept) {
  std::ostringstream err;
  EXPECT_EQ(RunGuarded([] { return 3; }, err), 3);
  EXPECT_EQ(err.str(), "");
}

TEST(MainGuardTest, AnEscapedStdExceptionIsOneErrorLineAndExit1) {
  std::ostringstream err;
  int rc = RunGuarded(
      []() -> int {
        // What an unchecked state entry used to throw from deep in a plan.
        nlohmann::json shard_count = "two";
        return shard_count.get<int>();
      },
      err);
  EXPECT_EQ(rc, 1);
  const std::string text = err.str();
  EXPECT_EQ(text.rfind("error: internal error: ", 0), 0u) << text;
  EXPECT_NE(text.find("type must be number"), std::string::npos) << text;
  EXPECT_EQ(text.find('\n'), text.size() - 1) << text;
}

TEST(MainGuardTest, AnythingElseThrownIsOneErrorLineAndExit1) {
  std::ostringstream err;
  EXPECT_EQ(RunGuarded([]() -> int { throw 42; }, err), 1);
  EXPECT_EQ(err.str(), "error: internal error: an unknown exception; nothing more was done\n");
}

TEST(MainGuardTest, ControlCharactersInTheMessageAreEscaped) {
  std::ostringstream err;
  EXPECT_EQ(RunGuarded([]() -> int { throw std::runtime_error("bad\n\x1b[31mred"); }, err), 1);
  EXPECT_EQ(err.str().find('\x1b'), std::string::npos) << err.str();
  EXPECT_EQ(err.str().find('\n'), err.str().size() - 1) << err.str();
}

}  // namespace
}  // namespace arm
