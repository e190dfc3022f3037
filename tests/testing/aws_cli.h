#pragma once
// The real AWS CLI as a conformance oracle for the sandbox (tests only:
// product code never shells out).
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace arm::testing {

struct AwsCli {
  std::string path;
  std::string label;  // "aws-cli/2.9.19 (/usr/bin/aws)"
};

// Every AWS CLI installed: the `aws` found on PATH (a pyenv shim resolved to
// the script it runs) and /usr/bin/aws if it is a different file; empty if
// none. Probed once (aws_cli_models.h), the probe cached across processes in
// $ARM_TEST_CACHE_DIR (else $TMPDIR/arm-test-cache-UID).
std::vector<AwsCli> FindAwsClis();

// The CLIs a test calling `services` (botocore names: "kinesis") runs with:
// one per protocol the installed CLIs speak to them, the one with the newest
// models (ChooseAwsClis); every CLI when ARM_TEST_EVERY_AWS_CLI=1. Empty
// exactly when FindAwsClis() is.
std::vector<AwsCli> AwsClisFor(const std::vector<std::string>& services);

struct CliResult {
  int exit_code = -1;  // -1: could not run or timed out
  std::string out, err;
  nlohmann::json json;  // parsed stdout when JSON
};

// Runs `cli args... --endpoint-url endpoint --output json` with a clean
// environment: AWS_ACCESS_KEY_ID=test, AWS_SECRET_ACCESS_KEY=test,
// AWS_DEFAULT_REGION=us-east-1, no config or credentials file, no pager,
// HOME in a temp dir; extra_env overrides. Killed after 120 s.
CliResult RunAwsCli(const AwsCli& cli, const std::string& endpoint,
                    const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& extra_env = {});

// Runs argv (argv[0] an absolute path) with exactly `env`, stdin from
// /dev/null; stdout/stderr collected; killed after 120 s.
CliResult RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env);

}  // namespace arm::testing
