#include "sandbox/paging.h"

#include <gtest/gtest.h>

#include <vector>

namespace sandbox {
namespace {

const PageSizeRule kRule{10, 1, 100, "at least 1", "at most 100"};

TEST(PagingTest, AbsentSizeIsTheDefault) {
  arm::Result<size_t> size = PageSize(std::nullopt, kRule);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, 10u);
}

TEST(PagingTest, SizeBoundsAreInclusive) {
  for (int64_t ok : {int64_t{1}, int64_t{100}}) {
    arm::Result<size_t> size = PageSize(ok, kRule);
    ASSERT_TRUE(size.ok()) << ok;
    EXPECT_EQ(*size, static_cast<size_t>(ok));
  }
  arm::Result<size_t> small = PageSize(0, kRule);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.status().message(), "at least 1");
  arm::Result<size_t> large = PageSize(101, kRule);
  ASSERT_FALSE(large.ok());
  EXPECT_EQ(large.status().message(), "at most 100");
  EXPECT_FALSE(PageSize(-5, kRule).ok());
}

TEST(PagingTest, FirstPageHasTheTokenOfTheSecond) {
  std::vector<int> all = {1, 2, 3, 4, 5};
  PageTokens tokens("svc");
  arm::Result<size_t> offset = tokens.Offset(std::nullopt);
  ASSERT_TRUE(offset.ok());
  Page<int> page = PageOf(all, *offset, 2, tokens);
  EXPECT_EQ(std::vector<int>(page.items.begin(), page.items.end()), (std::vector<int>{1, 2}));
  EXPECT_EQ(page.next_token, "svc-page-2");
  EXPECT_TRUE(page.more());
}

TEST(PagingTest, TokensRoundTripToTheLastPage) {
  std::vector<int> all = {1, 2, 3, 4, 5};
  PageTokens tokens("svc");
  std::vector<int> seen;
  std::optional<std::string> token;
  int pages = 0;
  do {
    arm::Result<size_t> offset = tokens.Offset(token);
    ASSERT_TRUE(offset.ok());
    Page<int> page = PageOf(all, *offset, 2, tokens);
    seen.insert(seen.end(), page.items.begin(), page.items.end());
    token = page.more() ? std::optional<std::string>(page.next_token) : std::nullopt;
    ++pages;
  } while (token);
  EXPECT_EQ(seen, all);
  EXPECT_EQ(pages, 3);
}

TEST(PagingTest, AnExactFitHasNoNextToken) {
  std::vector<int> all = {1, 2};
  Page<int> page = PageOf(all, 0, 2, PageTokens("svc"));
  EXPECT_EQ(page.items.size(), 2u);
  EXPECT_TRUE(page.next_token.empty());
}

TEST(PagingTest, AnOffsetPastTheEndIsAnEmptyLastPage) {
  std::vector<int> all = {1, 2};
  Page<int> page = PageOf(all, 7, 2, PageTokens("svc"));
  EXPECT_TRUE(page.items.empty());
  EXPECT_FALSE(page.more());
}

TEST(PagingTest, ForeignOrMalformedTokensAreRefused) {
  PageTokens tokens("svc");
  for (const char* bad : {"", "svc-page-", "other-page-1", "svc-page-x", "svc-page-1x",
                          "svc-page--1", "svc-page- 1", "page-1"}) {
    EXPECT_FALSE(tokens.Offset(std::string(bad)).ok()) << bad;
  }
  arm::Result<size_t> good = tokens.Offset(std::string("svc-page-42"));
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42u);
}

}  // namespace
}  // namespace sandbox
