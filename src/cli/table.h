#pragma once
// Plain-text table with aligned columns (display width aware of ANSI codes).
#include <string>
#include <vector>

namespace arm {

// How a column may give way when the table is wider than the terminal.
struct ColumnFit {
  enum class Wrap { kWords, kName };
  // Narrowest the column gets (never below its header); 0: never narrowed.
  size_t min_width = 0;
  // kWords: at spaces; kName: after '-', '_', '.', '/' (names have no spaces).
  Wrap wrap = Wrap::kWords;
  // Lower shrinks first, to its minimum, before the next is narrowed.
  int shrink_order = 0;
  // > 0: left out, lowest first, when the minimum widths do not fit.
  int drop_order = 0;
};

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  // Cells are printed as given: escape outside text with Printable first.
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Keeps every line within `width` columns (0: no limit) by wrapping the
  // cells of `column` onto continuation lines, at spaces where possible,
  // never narrower than kMinWrapWidth. That column's cells must be plain
  // text (no ANSI codes).
  void FitTo(size_t width, size_t column);
  // Keeps every line within `width` columns (0: no limit): narrows the
  // columns that have a minimum (in shrink order, the widest first), their
  // cells wrapped onto continuation lines; when even the minimums do not fit,
  // leaves out columns by drop order and starts again. What still does not
  // fit overflows. Cells of columns with a minimum must be plain text.
  void Fit(size_t width, std::vector<ColumnFit> columns) {
    width_ = width;
    fits_ = std::move(columns);
  }
  // The headers of the columns Render leaves out at the fitted width.
  std::vector<std::string> Dropped() const;
  // `right_aligned[i]` right-aligns column i (numbers).
  std::string Render(const std::vector<bool>& right_aligned = {}) const;

  static constexpr size_t kMinWrapWidth = 12;

 private:
  struct Layout {
    std::vector<size_t> width;
    std::vector<bool> shown;
  };
  Layout Arrange() const;

  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  size_t width_ = 0;
  std::vector<ColumnFit> fits_;
};

// Visible width: ANSI escape sequences do not count; UTF-8 continuation
// bytes do not count.
size_t DisplayWidth(const std::string& s);

// `text` cut into lines of at most `width` code points (width >= 1), at the
// last space that fits when there is one (the space is dropped), else after
// the last '-', '_', '.' or '/' of the word, else inside it. Plain text only.
std::vector<std::string> WrapText(const std::string& text, size_t width);
// Each line of `text` wider than `width` (0: no limit) cut at spaces into
// lines of at most `width`, the continuations indented 4 more than the
// line. Plain text only.
std::string WrapLines(const std::string& text, size_t width);

// The same for a name: cut after the last '-', '_', '.' or '/' that fits,
// else inside it; the pieces joined without separator give `name` back.
std::vector<std::string> WrapName(const std::string& name, size_t width);

}  // namespace arm
