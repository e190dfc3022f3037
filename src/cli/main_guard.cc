#include "cli/main_guard.h"

#include <exception>
#include <string>

#include "core/printable.h"

namespace arm {

int RunGuarded(const std::function<int()>& body, std::ostream& err) {
  std::string what;
  try {
    return body();
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an unknown exception";
  }
  try {
    err << "error: internal error: " << Printable(what) << "; nothing more was done\n";
    err.flush();
  } catch (...) {
    // stderr itself failed: the exit code still says it.
  }
  return 1;
}

}  // namespace arm
