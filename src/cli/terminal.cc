#include "cli/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <iostream>

namespace arm {

bool RealTerminal::StdinIsTty() const { return ::isatty(STDIN_FILENO) == 1; }
bool RealTerminal::StdoutIsTty() const { return ::isatty(STDOUT_FILENO) == 1; }
bool RealTerminal::StderrIsTty() const { return ::isatty(STDERR_FILENO) == 1; }

int OutputColumns(const Terminal& terminal, const Environment& env) {
  int tty = terminal.StdoutColumns();
  if (tty == 0) return 0;
  if (auto columns = env.Get("COLUMNS"); columns && !columns->empty()) {
    int n = 0;
    const char* begin = columns->data();
    const char* end = begin + columns->size();
    auto [ptr, ec] = std::from_chars(begin, end, n);
    if (ec == std::errc() && ptr == end && n > 0) return n;
  }
  return tty;
}

int RealTerminal::StdoutColumns() const {
  if (!StdoutIsTty()) return 0;
  struct winsize ws {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  return 80;
}

std::optional<std::string> RealTerminal::ReadLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  return line;
}

std::string Style::ForState(const std::string& state, const std::string& s) const {
  if (state == "running") return Green(s);
  if (state == "stopped") return Yellow(s);
  if (state == "missing" || state == "drifted") return Red(s);
  return Dim(s);
}

}  // namespace arm
