#pragma once
// Runs the real aws-resource-manager binary against an in-process aws-sandbox
// loaded with the demo estate (or a variant), with a temporary state file.
#include <string>
#include <vector>

#include "tests/testing/aws_cli.h"
#include "tests/testing/sandbox_fixture.h"

namespace arm::testing {

// The command line and environment Manager() uses, for any sandbox endpoint
// and state file (the crash suite runs several sandboxes at once); config
// "" = config/demo.conf.
std::vector<std::string> ManagerArgv(const std::string& endpoint, const std::string& state_path,
                                     const std::vector<std::string>& args,
                                     const std::string& config = "");
// Credentials test/test, region us-east-1, no AWS config files, HOME=home,
// LOG_DIR=home/logs;
// extra_env entries replace defaults of the same name.
std::vector<std::string> ManagerEnv(const std::string& home,
                                    const std::vector<std::string>& extra_env = {});
// A sandbox "services" dump with volatile fields (timestamps, counters)
// removed and listings sorted.
nlohmann::json NormalizedEstate(const nlohmann::json& services);

class ManagerFixture : public SandboxFixture {
 protected:
  void SetUp() override;
  void TearDown() override;
  // aws-resource-manager --config config/demo.conf --endpoint-url <sandbox>
  // --state-file <tmp>/state.json args... ; stdin is /dev/null.
  CliResult Manager(const std::vector<std::string>& args,
                    const std::vector<std::string>& extra_env = {});
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
