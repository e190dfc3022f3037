#include "cli/terminal.h"

#include <unistd.h>

#include <iostream>

namespace arm {

bool RealTerminal::StdinIsTty() const { return ::isatty(STDIN_FILENO) == 1; }
bool RealTerminal::StdoutIsTty() const { return ::isatty(STDOUT_FILENO) == 1; }
bool RealTerminal::StderrIsTty() const { return ::isatty(STDERR_FILENO) == 1; }

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
