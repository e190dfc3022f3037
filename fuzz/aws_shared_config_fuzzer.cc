// ~/.aws/config and ~/.aws/credentials: the INI parser, profile lookup, and
// the profile credential chain (source_profile recursion and cycles,
// credential_process command lines, role settings) with stub STS and process
// runners so nothing leaves the process.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "aws/credentials_profile_chain.h"
#include "config/aws_shared_config.h"
#include "core/environment.h"
#include "fuzz/fuzz_util.h"
#include "tests/testing/mem_file_system.h"

namespace {

arm::Credentials FakeCredentials() {
  arm::Credentials c;
  c.access_key_id = "AKIDEXAMPLE";
  c.secret_access_key = "secret";
  c.source = "fuzz";
  return c;
}

class StubProcessRunner final : public arm::ProcessRunner {
 public:
  arm::Result<arm::ProcessResult> Run(const std::vector<std::string>&, std::chrono::milliseconds,
                                      size_t) override {
    arm::ProcessResult r;
    r.stdout_data = R"({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s"})";
    return r;
  }
};

class StubSts final : public arm::StsCredentialsClient {
 public:
  arm::Result<arm::Credentials> AssumeRole(const arm::AssumeRoleParams&,
                                           const arm::Credentials&) override {
    return FakeCredentials();
  }
  arm::Result<arm::Credentials> AssumeRoleWithWebIdentity(const arm::WebIdentityParams&) override {
    return FakeCredentials();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider provider(data, size);
  // The config file first (length-prefixed), the credentials file after.
  std::string config_text = provider.ConsumeRandomLengthString(size);
  std::string credentials_text = provider.ConsumeRemainingBytesAsString();

  arm::SharedConfigPaths paths{"/h/.aws/config", "/h/.aws/credentials", "~/.aws/config",
                               "~/.aws/credentials"};
  auto config = arm::SharedConfig::Parse(config_text, credentials_text, paths);
  if (!config.ok()) return 0;

  arm::MapEnvironment env({{"HOME", "/h"}});
  arm::testing::MemFileSystem fs;
  fs.SetFile("/h/token", "web-identity-token");
  arm::fuzz::OneAnswerTransport transport(arm::HttpResponse{}, arm::HttpResponse{});
  arm::fuzz::NoSleepClock clock;
  StubProcessRunner process;
  StubSts sts;
  arm::CredentialDeps deps{env, fs, transport, clock, process, sts};

  for (const std::string& name : config->ProfileNames()) {
    auto profile = config->Get(name);
    if (!profile.ok()) continue;
    (void)profile->Get("region");
    auto credentials = arm::ProviderForProfile(deps, *config, name);
    if (credentials.ok()) (void)(*credentials)->GetCredentials();
  }
  (void)config->Get("default");
  return 0;
}
