#pragma once
// Plain-text table with aligned columns (display width aware of ANSI codes).
#include <string>
#include <vector>

namespace arm {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header)
      : header_(std::move(header)) {}
  // Cells are printed as given: escape outside text with Printable first.
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Keeps every line within `width` columns (0: no limit) by wrapping the
  // cells of `column` onto continuation lines, at spaces where possible,
  // never narrower than kMinWrapWidth. That column's cells must be plain
  // text (no ANSI codes).
  void FitTo(size_t width, size_t column) {
    width_ = width;
    wrap_column_ = column;
  }
  // `right_aligned[i]` right-aligns column i (numbers).
  std::string Render(const std::vector<bool>& right_aligned = {}) const;

  static constexpr size_t kMinWrapWidth = 12;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  size_t width_ = 0;
  size_t wrap_column_ = 0;
};

// Visible width: ANSI escape sequences do not count; UTF-8 continuation
// bytes do not count.
size_t DisplayWidth(const std::string& s);

// `text` cut into lines of at most `width` code points (width >= 1), at the
// last space that fits when there is one (the space is dropped), else
// inside a word. Plain text only.
std::vector<std::string> WrapText(const std::string& text, size_t width);

}  // namespace arm
