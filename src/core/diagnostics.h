#pragma once
// What a run has to say besides its results, kept apart by kind: errors
// are failures (they set the exit code), warnings are said and never
// counted. One line each, without a "warning: " or "error: " prefix: the
// renderer adds it.
#include <string>
#include <vector>

namespace arm {

struct Diagnostics {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

}  // namespace arm
