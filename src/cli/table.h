#pragma once
// Plain-text table with aligned columns (display width aware of ANSI codes).
#include <string>
#include <vector>

namespace arm {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // `right_aligned[i]` right-aligns column i (numbers).
  std::string Render(const std::vector<bool>& right_aligned = {}) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Visible width: ANSI escape sequences do not count; UTF-8 continuation
// bytes do not count.
size_t DisplayWidth(const std::string& s);

}  // namespace arm
