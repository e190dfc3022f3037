#pragma once
// Which AWS CLIs a conformance test runs with. The CLIs are there to prove
// that the sandbox speaks AWS's wire format to each of them, and two CLIs
// differ on the wire only where their botocore models give a service
// different protocols. So each CLI's own models are probed once (one Python
// run printing its version and the protocol of every service in
// kAwsCliServices), the result is cached across test processes, and a test
// runs with one CLI per protocol of the services it calls.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/file_system.h"
#include "core/status.h"
#include "tests/testing/aws_cli.h"

namespace arm::testing {

// The services the conformance tests call, by botocore's names. A test that
// names another one fails: add it here so that the probe covers it.
extern const std::vector<std::string> kAwsCliServices;

// The probe, a Python program run by the CLI's own interpreter with the
// service names as arguments; prints one JSON object (ParseAwsCliProbe).
extern const char kAwsCliProbeScript[];

struct AwsCliModels {
  AwsCli cli;
  // The newest API version among its models ("2026-02-05"): of CLIs that
  // speak alike, the one with the newest models is preferred. Empty when the
  // CLI could not be probed.
  std::string newest_api;
  // Service -> the protocol this CLI speaks to it (botocore's resolved
  // protocol, which picks from `metadata.protocols`). Empty when the CLI
  // could not be probed; a service it does not know is absent.
  std::map<std::string, std::string> protocols;
  // The botocore data folder the probe read; "" when not probed.
  std::string data_dir;
};

// The CLIs for a test calling `services`, in the order of `clis`: for each
// combination of protocols they speak to those services, the CLI with the
// newest models; every CLI that does not know the protocol of one of them;
// all of them when `every_cli`.
std::vector<AwsCli> ChooseAwsClis(const std::vector<AwsCliModels>& clis,
                                  const std::vector<std::string>& services, bool every_cli);

// The models of the CLI at `path` from the probe's stdout; Corruption when it
// is not the probe's JSON.
Result<AwsCliModels> ParseAwsCliProbe(const std::string& path, const std::string& out);

// What the probes found, valid while the CLIs considered are the same and
// every file it came from (the CLIs, their interpreters, their botocore data
// folders) keeps its modification time.
struct AwsCliProbeRecord {
  std::vector<std::string> paths;         // the CLIs considered, working or not
  std::map<std::string, int64_t> mtimes;  // path -> st_mtim in ns; -1 if missing
  std::vector<AwsCliModels> clis;         // the working ones
};

inline constexpr char kAwsCliProbeFile[] = "aws-cli-probe.json";

// The record in `dir` if it is for exactly `paths` and no file it came from
// changed (per `mtime_of`); NotFound otherwise. InvalidArgument when `dir`
// is a symbolic link or not private to this user, or the file is not a
// regular file of ours (it is opened without following a link).
Result<AwsCliProbeRecord> ReadAwsCliProbeCache(
    FileSystem& fs, const std::string& dir, const std::vector<std::string>& paths,
    const std::function<int64_t(const std::string&)>& mtime_of);

// Writes `record` to `dir` (created 0700 if missing, refused as above),
// atomically and 0600.
Status WriteAwsCliProbeCache(FileSystem& fs, const std::string& dir,
                             const AwsCliProbeRecord& record);

}  // namespace arm::testing
