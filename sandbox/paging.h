#pragma once
// The paginated lists of the handlers, written once: a page size checked
// against the bounds of the service model, AWS's opaque NextToken holding the
// offset of the next page, and one page of a filtered list.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sandbox {

// A request's page size member (MaxResults, Limit, MaxItems, ...): its
// default, its bounds from the service model, and AWS's words for a value
// below or above them.
struct PageSizeRule {
  int64_t default_size = 0;
  int64_t min = 1;
  int64_t max = INT64_MAX;
  std::string_view too_small;  // e.g. "Member must have value greater than or equal to 1"
  std::string_view too_large;  // e.g. "Member must have value less than or equal to 100"
};

// The requested size, or the rule's default when absent. Out of bounds:
// InvalidArgument whose message is the rule's too_small / too_large.
arm::Result<size_t> PageSize(std::optional<int64_t> requested, const PageSizeRule& rule);

// NextToken values "<prefix>-page-<offset>", offset being the position of
// the next page's first item in the filtered, ordered list.
class PageTokens {
 public:
  explicit PageTokens(std::string_view prefix) : prefix_(std::string(prefix) + "-page-") {}
  std::string Encode(size_t offset) const;
  // 0 without a token; InvalidArgument for a token this service did not
  // issue (another prefix, no offset, anything after the digits).
  arm::Result<size_t> Offset(const std::optional<std::string>& token) const;

 private:
  std::string prefix_;
};

// One page: the items from the requested offset (clamped to the list), and
// the token of the next page ("" after the last).
template <typename T>
struct Page {
  std::span<const T> items;
  std::string next_token;
  bool more() const { return !next_token.empty(); }
};

template <typename T>
Page<T> PageOf(const std::vector<T>& all, size_t offset, size_t size, const PageTokens& tokens) {
  const size_t begin = std::min(offset, all.size());
  const size_t count = std::min(size, all.size() - begin);
  Page<T> page;
  page.items = std::span<const T>(all).subspan(begin, count);
  if (begin + count < all.size()) page.next_token = tokens.Encode(begin + count);
  return page;
}

}  // namespace sandbox
