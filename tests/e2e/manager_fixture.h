#pragma once
// Runs the real aws-resource-manager binary against an in-process aws-sandbox
// loaded with the demo estate (or a variant), with a temporary state file.
#include <string>
#include <vector>

#include "tests/testing/aws_cli.h"
#include "tests/testing/sandbox_fixture.h"

namespace arm::testing {

class ManagerFixture : public SandboxFixture {
 protected:
  void SetUp() override;
  void TearDown() override;
  // aws-resource-manager --config config/demo.conf --endpoint-url <sandbox>
  // --state-file <tmp>/state.json args... ; stdin is /dev/null.
  CliResult Manager(const std::vector<std::string>& args, const std::vector<std::string>& extra_env = {});
  // The sandbox's services with volatile fields (timestamps, counters) removed.
  nlohmann::json Estate();
  // service:Action -> count of mutating calls made so far.
  std::map<std::string, int> MutatingCalls();
  std::string state_path() const { return dir_ + "/state.json"; }
  // The --config passed to every run; config/demo.conf unless a test sets another.
  void set_config(std::string path) { config_ = std::move(path); }

  std::string dir_;
  std::string config_;
};

}  // namespace arm::testing
