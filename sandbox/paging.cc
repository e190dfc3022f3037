#include "sandbox/paging.h"

#include <charconv>

namespace sandbox {

arm::Result<size_t> PageSize(std::optional<int64_t> requested, const PageSizeRule& rule) {
  if (!requested) return static_cast<size_t>(rule.default_size);
  if (*requested < rule.min) return arm::Status::InvalidArgument(std::string(rule.too_small));
  if (*requested > rule.max) return arm::Status::InvalidArgument(std::string(rule.too_large));
  return static_cast<size_t>(*requested);
}

std::string PageTokens::Encode(size_t offset) const { return prefix_ + std::to_string(offset); }

arm::Result<size_t> PageTokens::Offset(const std::optional<std::string>& token) const {
  if (!token) return size_t{0};
  const std::string& t = *token;
  if (t.rfind(prefix_, 0) != 0 || t.size() == prefix_.size())
    return arm::Status::InvalidArgument("not a page token: " + t);
  size_t offset = 0;
  const char* end = t.data() + t.size();
  auto [ptr, ec] = std::from_chars(t.data() + prefix_.size(), end, offset);
  if (ec != std::errc() || ptr != end)
    return arm::Status::InvalidArgument("not a page token: " + t);
  return offset;
}

}  // namespace sandbox
