#pragma once
// Shared test helpers. Fakes for every seam live beside this file.
#include <string>
#include <vector>

namespace arm::testing {

// Root of the source tree and of the build tree (set by CMake).
std::string SourceDir();
std::string BinaryDir();
// A fresh empty folder under the system temp dir, removed by the caller.
std::string MakeTempDir(const std::string& prefix = "arm-test");
void RemoveTree(const std::string& path);
// A file's whole content ("" when it cannot be read), and a file written
// whole (truncated first).
std::string Slurp(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);
// The non-empty lines of a text.
std::vector<std::string> NonEmptyLines(const std::string& text);

}  // namespace arm::testing
