#include "tests/e2e/manager_fixture.h"

#include <algorithm>

#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

bool Volatile(const std::string& key) {
  static const char* kWords[] = {"time",    "Time",    "updated",     "Updated",
                                 "created", "Created", "scaling_ops", "Timestamp",
                                 "date",    "Date",    "request",     "messages"};
  for (const char* w : kWords)
    if (key.find(w) != std::string::npos) return true;
  return false;
}

nlohmann::json Strip(const nlohmann::json& j) {
  if (j.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!Volatile(it.key())) out[it.key()] = Strip(it.value());
    }
    return out;
  }
  if (j.is_array()) {
    // Order of a listing is not state: a restored item may list last.
    std::vector<nlohmann::json> items;
    for (const auto& e : j) items.push_back(Strip(e));
    std::sort(items.begin(), items.end(),
              [](const nlohmann::json& a, const nlohmann::json& b) { return a.dump() < b.dump(); });
    return nlohmann::json(items);
  }
  return j;
}

}  // namespace

void ManagerFixture::SetUp() {
  SandboxFixture::SetUp();
  dir_ = MakeTempDir("arm-e2e");
  config_ = SourceDir() + "/config/demo.conf";
}

void ManagerFixture::TearDown() {
  RemoveTree(dir_);
  SandboxFixture::TearDown();
}

std::vector<std::string> ManagerArgv(const std::string& endpoint, const std::string& state_path,
                                     const std::vector<std::string>& args,
                                     const std::string& config) {
  std::vector<std::string> argv = {BinaryDir() + "/aws-resource-manager",
                                   "--config",
                                   config.empty() ? SourceDir() + "/config/demo.conf" : config,
                                   "--endpoint-url",
                                   endpoint,
                                   "--state-file",
                                   state_path};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::vector<std::string> ManagerEnv(const std::string& home,
                                    const std::vector<std::string>& extra_env) {
  std::vector<std::string> env = {"AWS_ACCESS_KEY_ID=test",
                                  "AWS_SECRET_ACCESS_KEY=test",
                                  "AWS_REGION=us-east-1",
                                  "AWS_CONFIG_FILE=/dev/null",
                                  "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
                                  "AWS_EC2_METADATA_DISABLED=true",
                                  "HOME=" + home,
                                  "PATH=/usr/bin:/bin",
                                  "LOG_DIR=" + home + "/logs"};
  for (const auto& e : extra_env) {  // later values replace defaults of the same name
    std::string key = e.substr(0, e.find('=') + 1);
    std::erase_if(env, [&](const std::string& d) { return d.rfind(key, 0) == 0; });
    env.push_back(e);
  }
  return env;
}

nlohmann::json NormalizedEstate(const nlohmann::json& services) { return Strip(services); }

CliResult ManagerFixture::Manager(const std::vector<std::string>& args,
                                  const std::vector<std::string>& extra_env) {
  return RunProcess(ManagerArgv(endpoint(), state_path(), args, config_),
                    ManagerEnv(dir_, extra_env));
}

nlohmann::json ManagerFixture::Estate() { return Strip(State().at("services")); }

std::map<std::string, int> ManagerFixture::MutatingCalls() {
  std::map<std::string, int> out;
  nlohmann::json m = State().at("calls").value("mutating_by_action", nlohmann::json::object());
  for (auto it = m.begin(); it != m.end(); ++it) out[it.key()] = it.value().get<int>();
  return out;
}

}  // namespace arm::testing
