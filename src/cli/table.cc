#include "cli/table.h"

#include <algorithm>

namespace arm {
namespace {

bool IsContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

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
    if (space != std::string::npos && space > start) {
      lines.push_back(text.substr(start, space - start));
      start = space + 1;
    } else {
      lines.push_back(text.substr(start, end - start));
      start = end;
    }
  }
  if (lines.empty()) lines.emplace_back();
  return lines;
}

std::string TextTable::Render(const std::vector<bool>& right) const {
  std::vector<size_t> width(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], DisplayWidth(row[i]));
  };
  measure(header_);
  for (const auto& r : rows_) measure(r);
  bool wrap = false;
  if (width_ > 0 && wrap_column_ < width.size()) {
    size_t total = 2 * (width.size() - 1);
    for (size_t w : width) total += w;
    if (total > width_) {
      size_t others = total - width[wrap_column_];
      size_t room = width_ > others ? width_ - others : 0;
      size_t floor =
          std::max(kMinWrapWidth, DisplayWidth(header_[wrap_column_]));
      width[wrap_column_] = std::max(room, floor);
      wrap = true;
    }
  }
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (size_t i = 0; i < width.size(); ++i) {
      std::string cell = i < row.size() ? row[i] : "";
      std::string pad(width[i] - std::min(width[i], DisplayWidth(cell)), ' ');
      bool r = i < right.size() && right[i];
      std::string text =
          r ? pad + cell : cell + (i + 1 < width.size() ? pad : "");
      out += text;
      if (i + 1 < width.size()) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  // A wrapped row: its first line, then one line per further piece of the
  // wrapped cell with the other cells blank.
  auto lines = [&](const std::vector<std::string>& row) {
    if (!wrap || wrap_column_ >= row.size()) return line(row);
    auto pieces = WrapText(row[wrap_column_], width[wrap_column_]);
    std::vector<std::string> first = row;
    first[wrap_column_] = pieces[0];
    std::string out = line(first);
    for (size_t p = 1; p < pieces.size(); ++p) {
      std::vector<std::string> more(width.size());
      more[wrap_column_] = pieces[p];
      out += line(more);
    }
    return out;
  };
  std::string out = line(header_);
  for (const auto& r : rows_) out += lines(r);
  return out;
}

}  // namespace arm
