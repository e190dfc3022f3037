#include "tests/testing/testing.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace arm::testing {

std::string SourceDir() { return ARM_SOURCE_DIR; }
std::string BinaryDir() { return ARM_BINARY_DIR; }

std::string MakeTempDir(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

void RemoveTree(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

}  // namespace arm::testing
