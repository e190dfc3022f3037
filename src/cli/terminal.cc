#include "cli/terminal.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

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
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

std::optional<std::string> RealTerminal::ReadLine() {
  // Byte by byte after poll: a read never blocks past a signal.
  std::string line;
  for (;;) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    int ready = ::poll(fds, wake_fd_ >= 0 ? 2 : 1, -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0 || (wake_fd_ >= 0 && fds[1].revents != 0)) return std::nullopt;
    char c = 0;
    ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return line.empty() ? std::nullopt : std::optional<std::string>(line);
    if (c == '\n') return line;
    line += c;
  }
}

std::string Style::ForState(const std::string& state, const std::string& s) const {
  if (state == "running") return Green(s);
  if (state == "stopped") return Yellow(s);
  if (state == "missing" || state == "drifted") return Red(s);
  return Dim(s);
}

}  // namespace arm
