// The project config file (config/aws-resource-manager.conf): the shell-style
// KEY="value" parser, then typed validation of every key, as `--config` reads
// it. Must never crash, whatever the file holds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "config/conf_file.h"
#include "config/project_config.h"
#include "core/environment.h"
#include "tests/testing/mem_file_system.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  arm::MapEnvironment env({{"HOME", "/home/fuzz"}, {"USER", "fuzz"}});

  auto entries = arm::ParseConf(text, "fuzz.conf", &env);
  if (entries.ok()) {
    for (const arm::ConfEntry& e : *entries) arm::SuggestConfigKey(e.key);
  }

  arm::testing::MemFileSystem fs;
  fs.SetFile("/p/fuzz.conf", std::move(text));
  std::vector<std::string> warnings;
  auto config = arm::LoadProjectConfig(fs, env, "/p/fuzz.conf",
                                       /*path_was_explicit=*/true, &warnings);
  (void)config;
  return 0;
}
