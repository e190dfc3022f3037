// The state-file reader: strict validation and migration of the old shell
// tool's layout. A state that parses must serialise and parse back to the same
// value, or `stop` then `start` would not restore what was saved.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "state/state_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> warnings;
  auto state = arm::ParseState(text, "fuzz-state.json", &warnings);
  if (!state.ok()) return 0;
  (void)arm::CheckBelongs(*state, "p", "123456789012", "us-east-1");

  std::string saved = arm::SerializeState(*state);
  auto again = arm::ParseState(saved, "fuzz-state.json", nullptr);
  if (!again.ok()) {
    std::fprintf(stderr, "re-parse of a serialised state failed: %s\n%s\n",
                 again.status().ToString().c_str(), saved.c_str());
    std::abort();
  }
  if (!(*again == *state)) {
    std::fprintf(stderr, "state changed across save/load:\n%s\n--\n%s\n", saved.c_str(),
                 arm::SerializeState(*again).c_str());
    std::abort();
  }
  return 0;
}
