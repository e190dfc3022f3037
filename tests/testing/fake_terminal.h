#pragma once
// A terminal that is not one: no TTY anywhere, nothing to read (as under
// cron or CI).
#include <optional>
#include <string>

#include "cli/terminal.h"

namespace arm::testing {

class NoTerminal final : public Terminal {
 public:
  bool StdinIsTty() const override { return false; }
  bool StdoutIsTty() const override { return false; }
  bool StderrIsTty() const override { return false; }
  int StdoutColumns() const override { return 0; }
  std::optional<std::string> ReadLine() override { return std::nullopt; }
};

}  // namespace arm::testing
