#include "cli/table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace arm {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

TextTable StatusLike() {
  TextTable t({"TYPE", "NAME", "STATE", "CONFIGURATION", "PER DAY"});
  t.AddRow({"sagemaker-endpoint", "exit-risk", "stopped",
            "deleted (config exit-risk-config kept; was ml.m5.large x 2, "
            "ml.c5.xlarge x 1)",
            "$0.00"});
  t.AddRow({"lambda-function", "event_processor", "\x1b[32mrunning\x1b[0m",
            "no reserved concurrency", "$0.00"});
  return t;
}

TEST(TextTableTest, WithoutALimitEveryRowIsOneLineAtFullWidth) {
  TextTable t = StatusLike();
  auto lines = Lines(t.Render({false, false, false, false, true}));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[1].find("ml.c5.xlarge x 1)"), std::string::npos);
  EXPECT_GT(DisplayWidth(lines[1]), 100u);
}

TEST(TextTableTest, FitToWrapsTheChosenColumnWithinTheWidth) {
  for (size_t width : {72u, 80u, 100u}) {
    TextTable t = StatusLike();
    t.FitTo(width, 3);
    std::string text = t.Render({false, false, false, false, true});
    auto lines = Lines(text);
    for (const auto& l : lines) EXPECT_LE(DisplayWidth(l), width) << width << ": " << l;
    // Nothing is lost: the wrapped pieces read back as the cell.
    std::string config;
    size_t column = lines[0].find("CONFIGURATION");
    ASSERT_NE(column, std::string::npos);
    for (size_t i = 1; i < lines.size(); ++i) {
      if (i > 1 && lines[i].rfind("lambda-function", 0) == 0) break;
      std::string piece = lines[i].substr(column);
      piece = piece.substr(0, piece.find("  "));
      config += (config.empty() ? "" : " ") + piece;
    }
    EXPECT_EQ(config,
              "deleted (config exit-risk-config kept; was ml.m5.large x 2, "
              "ml.c5.xlarge x 1)")
        << width;
    // Continuation lines leave the other columns blank; the cost stays on the
    // first line.
    EXPECT_NE(lines[1].find("$0.00"), std::string::npos);
    EXPECT_EQ(lines[2].find("sagemaker"), std::string::npos);
  }
}

TEST(TextTableTest, FitToNeverNarrowsTheColumnBelowItsMinimum) {
  // Too narrow a terminal: the column keeps the width of its header (13).
  TextTable t = StatusLike();
  t.FitTo(20, 3);
  auto lines = Lines(t.Render());
  size_t column = lines[0].find("CONFIGURATION");
  size_t longest = 0;
  for (size_t i = 1; i < lines.size() && lines[i].rfind("lambda", 0) != 0; ++i) {
    std::string piece = lines[i].substr(column);
    longest = std::max(longest, DisplayWidth(piece.substr(0, piece.find("  "))));
  }
  EXPECT_EQ(longest, 13u);
  EXPECT_GT(lines.size(), 6u);
}

TEST(TextTableTest, ATableThatFitsIsNotWrapped) {
  TextTable wide = StatusLike();
  TextTable fitted = StatusLike();
  fitted.FitTo(200, 3);
  EXPECT_EQ(fitted.Render(), wide.Render());
}

// The status table's rules: every column that may give does, names wrap at
// their hyphens, and columns are left out by drop order only when the
// minimums do not fit.
TEST(TextTableTest, FitNarrowsThenDropsColumnsToKeepEveryLineWithinTheWidth) {
  auto make = [] {
    TextTable t({"TYPE", "NAME", "STATE", "SELECTED BY", "CONFIGURATION", "PER DAY", "PER MONTH"});
    t.AddRow({"sagemaker-endpoint", "user-journey-analytics-exit-risk-endpoint",
              "\x1b[32mrunning\x1b[0m", "prefix user-journey-analytics-",
              "ml.m5.large x 1, InService", "$2.76", "$82.80"});
    t.AddRow({"lambda-function", "event_processor", "stopped", "list",
              "reserved concurrency 0 (was 5)", "$0.00", "$0.00"});
    using Wrap = ColumnFit::Wrap;
    t.Fit(0, {{10, Wrap::kName, 0, 0},
              {14, Wrap::kName, 1, 0},
              {},
              {12, Wrap::kWords, 0, 2},
              {12, Wrap::kWords, 0, 0},
              {},
              {0, Wrap::kWords, 0, 1}});
    return t;
  };
  const std::string full = make().Render();
  for (size_t width : {200u, 100u, 80u, 60u}) {
    TextTable t = make();
    using Wrap = ColumnFit::Wrap;
    t.Fit(width, {{10, Wrap::kName, 0, 0},
                  {14, Wrap::kName, 1, 0},
                  {},
                  {12, Wrap::kWords, 0, 2},
                  {12, Wrap::kWords, 0, 0},
                  {},
                  {0, Wrap::kWords, 0, 1}});
    std::string text = t.Render();
    for (const auto& l : Lines(text)) EXPECT_LE(DisplayWidth(l), width) << width << ":\n" << text;
    // The name is whole once its pieces are joined.
    std::string name;
    size_t at = Lines(text)[0].find("NAME");
    auto lines = Lines(text);
    for (size_t i = 1; i < lines.size(); ++i) {
      if (lines[i].rfind("lambda", 0) == 0) break;  // the next row
      if (lines[i].size() <= at) continue;
      name += lines[i].substr(at, lines[i].find(' ', at) - at);
    }
    EXPECT_EQ(name, "user-journey-analytics-exit-risk-endpoint") << text;
    std::vector<std::string> dropped = t.Dropped();
    if (width == 200u) {
      EXPECT_EQ(text, full);
    }
    if (width >= 100u) {
      EXPECT_TRUE(dropped.empty()) << width;
    }
    if (width == 80u) {
      EXPECT_EQ(dropped, std::vector<std::string>{"PER MONTH"}) << text;
    }
    if (width == 60u) {
      EXPECT_EQ(dropped, (std::vector<std::string>{"SELECTED BY", "PER MONTH"})) << text;
    }
    EXPECT_NE(text.find("$2.76"), std::string::npos);
  }
}

TEST(WrapTextTest, NamesBreakAfterTheirSeparatorsAndReadBackWhole) {
  EXPECT_EQ(WrapName("user-journey-analytics-exit-risk-endpoint", 14),
            (std::vector<std::string>{"user-journey-", "analytics-", "exit-risk-", "endpoint"}));
  EXPECT_EQ(WrapName("abcdefghij", 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
  EXPECT_EQ(WrapName("event_processor", 20), (std::vector<std::string>{"event_processor"}));
}

TEST(WrapTextTest, WrapLinesIndentsContinuationsAndLeavesShortLines) {
  std::string text =
      "Plan:\n  1. UpdateShardCount user-events 2 -> 1 shards "
      "[kinesis:x]\nend\n";
  EXPECT_EQ(WrapLines(text, 0), text);
  EXPECT_EQ(WrapLines(text, 200), text);
  EXPECT_EQ(WrapLines(text, 30),
            "Plan:\n"
            "  1. UpdateShardCount\n"
            "      user-events 2 -> 1\n"
            "      shards [kinesis:x]\n"
            "end\n");
}

TEST(WrapTextTest, BreaksAtSpacesElseInsideAWordByCodePoints) {
  EXPECT_EQ(WrapText("provisioned 5 RCU / 5 WCU", 12),
            (std::vector<std::string>{"provisioned", "5 RCU / 5", "WCU"}));
  EXPECT_EQ(WrapText("abcdefghij", 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
  EXPECT_EQ(WrapText("(config exit-risk-endpoint-config kept", 14),
            (std::vector<std::string>{"(config", "exit-risk-", "endpoint-", "config kept"}));
  // Multi-byte characters are never split.
  EXPECT_EQ(WrapText("\xc3\xa9\xc3\xa9\xc3\xa9", 2),
            (std::vector<std::string>{"\xc3\xa9\xc3\xa9", "\xc3\xa9"}));
  EXPECT_EQ(WrapText("", 5), (std::vector<std::string>{""}));
  EXPECT_EQ(WrapText("fits", 5), (std::vector<std::string>{"fits"}));
}

}  // namespace
}  // namespace arm
