#pragma once
// Terminal seam: whether stdin/stdout are terminals, colours, and reading the
// confirmation answer. Tests pass a fake; main.cc builds the real one.
#include <optional>
#include <string>

#include "core/environment.h"

namespace arm {

class Terminal {
 public:
  virtual ~Terminal() = default;
  virtual bool StdinIsTty() const = 0;
  virtual bool StdoutIsTty() const = 0;
  virtual bool StderrIsTty() const = 0;
  // Width of the terminal on stdout in columns, 0 when stdout is not a
  // terminal (piped output is never cut): the terminal's own size, else 80.
  // Callers let COLUMNS (read through the Environment seam) win; see
  // OutputColumns.
  virtual int StdoutColumns() const = 0;
  // One line from stdin without the newline; nullopt at end of input, or
  // when SIGINT/SIGTERM came before or during the wait.
  virtual std::optional<std::string> ReadLine() = 0;
};

// The width text output is fitted to: 0 (never cut) when stdout is not a
// terminal, else COLUMNS when it is a positive number, else the terminal's.
int OutputColumns(const Terminal& terminal, const Environment& env);

class RealTerminal final : public Terminal {
 public:
  // `wake_fd`: the read end of a pipe the SIGINT/SIGTERM handler writes a
  // byte to (-1: none). A handler's flag alone cannot end a blocking read:
  // the signal may go to another thread, or come just before the read.
  explicit RealTerminal(int wake_fd = -1) : wake_fd_(wake_fd) {}
  bool StdinIsTty() const override;
  bool StdoutIsTty() const override;
  bool StderrIsTty() const override;
  int StdoutColumns() const override;
  std::optional<std::string> ReadLine() override;

 private:
  int wake_fd_;
};

// ANSI styling that is a no-op unless enabled (a TTY, no NO_COLOR, no --no-color).
struct Style {
  bool enabled = false;
  std::string Bold(const std::string& s) const { return Wrap("1", s); }
  std::string Green(const std::string& s) const { return Wrap("32", s); }
  std::string Yellow(const std::string& s) const { return Wrap("33", s); }
  std::string Red(const std::string& s) const { return Wrap("31", s); }
  std::string Dim(const std::string& s) const { return Wrap("2", s); }
  std::string ForState(const std::string& state, const std::string& s) const;

 private:
  std::string Wrap(const char* code, const std::string& s) const {
    return enabled ? "\x1b[" + std::string(code) + "m" + s + "\x1b[0m" : s;
  }
};

}  // namespace arm
