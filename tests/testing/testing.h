#pragma once
// Shared test helpers. Fakes for every seam live beside this file.
#include <string>

namespace arm::testing {

// Root of the source tree and of the build tree (set by CMake).
std::string SourceDir();
std::string BinaryDir();
// A fresh empty folder under the system temp dir, removed by the caller.
std::string MakeTempDir(const std::string& prefix = "arm-test");
void RemoveTree(const std::string& path);

}  // namespace arm::testing
