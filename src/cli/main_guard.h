#pragma once
// The last exception barrier, around everything `main` does: whatever a
// library throws that no adapter turned into a Status ends the run with one
// line, not with std::terminate and a core-less abort.
#include <functional>
#include <ostream>

namespace arm {

// Runs `body` and returns its exit code. An exception escaping it (a
// std::exception or anything else) becomes one line, "error: internal error:
// WHAT", on `err`, and exit 1.
int RunGuarded(const std::function<int()>& body, std::ostream& err);

}  // namespace arm
