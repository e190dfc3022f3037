#include "cli/table.h"

#include <algorithm>

namespace arm {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

size_t DisplayWidth(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b') {
      while (i < s.size() && s[i] != 'm') ++i;
      continue;
    }
    if (!IsContinuation(s[i])) ++w;
  }
  return w;
}

std::vector<std::string> WrapText(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    // Byte offset just past `width` code points from `start`.
    size_t end = start, count = 0;
    while (end < text.size() && count < width) {
      ++end;
      while (end < text.size() && IsContinuation(text[end])) ++end;
      ++count;
    }
    if (end >= text.size()) {
      lines.push_back(text.substr(start));
      break;
    }
    size_t space = text.rfind(' ', end);
    if (text[end] == ' ') space = end;
    // A word longer than the line: cut after a separator inside it if any.
    size_t separator = text.find_last_of("-_./", end - 1);
    if (space != std::string::npos && space > start) {
      lines.push_back(text.substr(start, space - start));
      start = space + 1;
    } else if (separator != std::string::npos && separator >= start && separator + 1 < end) {
      lines.push_back(text.substr(start, separator + 1 - start));
      start = separator + 1;
    } else {
      lines.push_back(text.substr(start, end - start));
      start = end;
    }
  }
  if (lines.empty()) lines.emplace_back();
  return lines;
}

std::vector<std::string> WrapName(const std::string& name, size_t width) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < name.size()) {
    size_t end = start, count = 0;
    while (end < name.size() && count < width) {
      ++end;
      while (end < name.size() && IsContinuation(name[end])) ++end;
      ++count;
    }
    if (end >= name.size()) {
      lines.push_back(name.substr(start));
      break;
    }
    size_t cut = name.find_last_of("-_./", end - 1);
    if (cut != std::string::npos && cut >= start) end = cut + 1;
    lines.push_back(name.substr(start, end - start));
    start = end;
  }
  if (lines.empty()) lines.emplace_back();
  return lines;
}

std::string WrapLines(const std::string& text, size_t width) {
  if (width == 0) return text;
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string line =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    if (DisplayWidth(line) <= width) {
      out += line + (end == std::string::npos ? "" : "\n");
      continue;
    }
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) indent = 0;
    std::string more(std::min(indent + 4, width / 2), ' ');
    auto first = WrapText(line.substr(indent), width - std::min(indent, width / 2));
    out += std::string(std::min(indent, width / 2), ' ') + first[0] + "\n";
    std::string rest;
    for (size_t i = 1; i < first.size(); ++i) rest += (rest.empty() ? "" : " ") + first[i];
    for (const auto& piece : WrapText(rest, width - more.size()))
      if (!piece.empty()) out += more + piece + "\n";
    if (end == std::string::npos && !out.empty()) out.pop_back();
  }
  return out;
}

void TextTable::FitTo(size_t width, size_t column) {
  std::vector<ColumnFit> fits(header_.size());
  if (column < fits.size()) fits[column].min_width = kMinWrapWidth;
  Fit(width, std::move(fits));
}

TextTable::Layout TextTable::Arrange() const {
  const size_t n = header_.size();
  Layout layout{std::vector<size_t>(n, 0), std::vector<bool>(n, true)};
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < n; ++i)
      layout.width[i] = std::max(layout.width[i], DisplayWidth(row[i]));
  };
  measure(header_);
  for (const auto& r : rows_) measure(r);
  if (width_ == 0) return layout;
  const std::vector<size_t> natural = layout.width;
  auto fit = [&](size_t i) { return i < fits_.size() ? fits_[i] : ColumnFit(); };
  auto floor = [&](size_t i) { return std::max(fit(i).min_width, DisplayWidth(header_[i])); };
  for (;;) {
    layout.width = natural;
    size_t total = 0, shown = 0;
    for (size_t i = 0; i < n; ++i)
      if (layout.shown[i]) total += natural[i], ++shown;
    total += shown > 0 ? 2 * (shown - 1) : 0;
    // Narrow one column by one at a time: the widest of the first shrink
    // order that can still give.
    while (total > width_) {
      size_t pick = n;
      for (size_t i = 0; i < n; ++i) {
        if (!layout.shown[i] || fit(i).min_width == 0 || layout.width[i] <= floor(i)) continue;
        if (pick == n || fit(i).shrink_order < fit(pick).shrink_order ||
            (fit(i).shrink_order == fit(pick).shrink_order && layout.width[i] > layout.width[pick]))
          pick = i;
      }
      if (pick == n) break;
      --layout.width[pick];
      --total;
    }
    if (total <= width_) return layout;
    size_t drop = n;
    for (size_t i = 0; i < n; ++i)
      if (layout.shown[i] && fit(i).drop_order > 0 &&
          (drop == n || fit(i).drop_order < fit(drop).drop_order))
        drop = i;
    if (drop == n) return layout;  // overflows: nothing more can give
    layout.shown[drop] = false;
  }
}

std::vector<std::string> TextTable::Dropped() const {
  Layout layout = Arrange();
  std::vector<std::string> out;
  for (size_t i = 0; i < header_.size(); ++i)
    if (!layout.shown[i]) out.push_back(header_[i]);
  return out;
}

std::string TextTable::Render(const std::vector<bool>& right) const {
  const Layout layout = Arrange();
  const std::vector<size_t>& width = layout.width;
  std::vector<size_t> columns;  // shown, in order
  for (size_t i = 0; i < width.size(); ++i)
    if (layout.shown[i]) columns.push_back(i);
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (size_t k = 0; k < columns.size(); ++k) {
      size_t i = columns[k];
      bool last = k + 1 == columns.size();
      std::string cell = i < row.size() ? row[i] : "";
      std::string pad(width[i] - std::min(width[i], DisplayWidth(cell)), ' ');
      bool r = i < right.size() && right[i];
      out += r ? pad + cell : cell + (last ? "" : pad);
      if (!last) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  // A row whose cells are wider than their columns: one line per piece, the
  // pieces of each cell under each other, other cells blank.
  auto lines = [&](const std::vector<std::string>& row) {
    std::vector<std::vector<std::string>> pieces(width.size());
    size_t height = 1;
    for (size_t i : columns) {
      if (i >= row.size() || DisplayWidth(row[i]) <= width[i]) continue;
      bool name = i < fits_.size() && fits_[i].wrap == ColumnFit::Wrap::kName;
      pieces[i] = name ? WrapName(row[i], width[i]) : WrapText(row[i], width[i]);
      height = std::max(height, pieces[i].size());
    }
    std::string out;
    for (size_t p = 0; p < height; ++p) {
      std::vector<std::string> part(width.size());
      for (size_t i : columns) {
        if (!pieces[i].empty())
          part[i] = p < pieces[i].size() ? pieces[i][p] : "";
        else if (p == 0 && i < row.size())
          part[i] = row[i];
      }
      out += line(part);
    }
    return out;
  };
  std::string out = line(header_);
  for (const auto& r : rows_) out += lines(r);
  return out;
}

}  // namespace arm
