// aws-sandbox: a local AWS emulator speaking the real wire protocols.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/file_system.h"
#include "sandbox/estate_generator.h"
#include "sandbox/iam_policy.h"
#include "sandbox/server.h"
#include "version.h"

namespace {

enum ExitCode { kExitOk = 0, kExitUsage = 2, kExitStartFailed = 3 };

std::string DefaultEstatePath(const char* argv0) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0, ec);
  std::vector<fs::path> candidates = {fs::current_path(ec) / "config/demo-estate.json"};
  for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
       dir = dir.parent_path()) {
    candidates.push_back(dir / "config/demo-estate.json");
    candidates.push_back(dir / "share/aws-sandbox/demo-estate.json");
  }
  for (const auto& c : candidates) {
    if (fs::is_regular_file(c, ec)) return c.string();
  }
  return "";
}

// `what` names the file in errors ("estate", "IAM policy").
arm::Result<nlohmann::json> LoadJson(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) return arm::Status::IoError("cannot open " + what + " file " + path);
  nlohmann::json out = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (out.is_discarded() || !out.is_object())
    return arm::Status::InvalidArgument(what + " file " + path + " is not a JSON object");
  return out;
}

// Blocks until SIGINT or SIGTERM.
int WaitForSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

}  // namespace

int main(int argc, char** argv) {
  // Signals are taken synchronously by WaitForSignal; server threads inherit
  // the mask. Writes to dropped connections must not kill the process.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  CLI::App app{
      "aws-sandbox: a local AWS emulator (STS, S3, SNS, DynamoDB, Resource "
      "Groups Tagging, ...) with "
      "SigV4 verification and fault injection"};
  app.footer(
      "\nA test double on loopback, not an auth boundary. It listens on 127.0.0.1 only, and checks "
      "signatures to prove the client signs as AWS does, not to keep anyone out: the access key "
      "test/test is always accepted, and the estate's credentials are in its file. Anything "
      "running "
      "on this host can call it; run it for tests and demos, never in front of real data. The "
      "/_sandbox/ paths answer only Host 127.0.0.1:PORT or localhost:PORT, and POSTs only with "
      "Content-Type: application/json.");
  app.set_version_flag("--version", std::string("aws-sandbox ") + ARM_VERSION);
  sandbox::ServerOptions options;
  std::string port_file, estate_file, generate, prefix = "bench-";
  app.add_option("--port", options.port, "TCP port on 127.0.0.1 (0: pick a free port)")
      ->default_val(4566);
  app.add_option("--port-file", port_file,
                 "also write the 'listening on' line to this file (replaced, never followed "
                 "if it is a symlink; mode 0600)");
  app.add_option("--estate", estate_file,
                 "estate JSON (default: config/demo-estate.json when found)");
  app.add_option("--latency-ms", options.latency_ms, "added to every request")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--throttle-rate", options.throttle_rate,
                 "probability of the service's throttling error")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--error-rate", options.error_rate, "probability of a 500/503 answer")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--reset-rate", options.reset_rate, "probability of dropping the connection")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--max-rps", options.max_rps,
                 "requests per second each service admits (a 1 s token "
                 "bucket); the rest are throttled, as AWS "
                 "does (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--seed", options.seed, "fault injection seed")->default_val(1);
  std::vector<std::string> fault_rules;
  app.add_option("--fault", fault_rules,
                 "ACTION[@NAME]=KIND: every request of IAM action ACTION (on the resource "
                 "NAME: a whole word of "
                 "its path, query or body) gets fault KIND (reset: the connection is "
                 "dropped; throttle; error500; "
                 "error503; echo-signature: a signature error quoting the request's "
                 "canonical form and Authorization header; echo-encoded: one quoting the "
                 "session token percent-encoded and JSON-escaped), on every attempt. "
                 "Repeatable. "
                 "E.g. "
                 "--fault lambda:GetFunctionConcurrency@intervention-executor=reset");
  app.add_option("--endpoint-create-seconds", options.endpoint_create_seconds,
                 "SageMaker Creating -> InService")
      ->default_val(3)
      ->check(CLI::NonNegativeNumber);
  app.add_option("--endpoint-delete-seconds", options.endpoint_delete_seconds,
                 "SageMaker Deleting -> gone")
      ->default_val(1)
      ->check(CLI::NonNegativeNumber);
  app.add_option("--kinesis-update-seconds", options.kinesis_update_seconds,
                 "Kinesis UPDATING -> ACTIVE")
      ->default_val(1)
      ->check(CLI::NonNegativeNumber);
  app.add_option("--ecs-task-seconds", options.ecs_task_seconds,
                 "ECS tasks starting or stopping after a desired count change")
      ->default_val(2)
      ->check(CLI::NonNegativeNumber);
  app.add_option("--asg-instance-seconds", options.asg_instance_seconds,
                 "Auto Scaling instances Pending -> InService, Terminating -> gone")
      ->default_val(2)
      ->check(CLI::NonNegativeNumber);
  app.add_option("--generate", generate,
                 "large estate, e.g. "
                 "endpoints=50,streams=200,functions=2000,alarms=2000,tables=200,notebooks=50,"
                 "ecs=200,asgs=100,instances=400,rds=100,aurora=50,nodegroups=50");
  app.add_option("--prefix", prefix, "name prefix of generated resources")->default_val("bench-");
  std::string iam_policy_file;
  app.add_option("--iam-policy", iam_policy_file,
                 "IAM identity-based policy document (JSON) evaluated as AWS does for "
                 "every authenticated caller on every request, on the ARNs the request "
                 "names and on the dependent permissions AWS checks (DeleteEndpoint with "
                 "auto scaling, RegisterScalableTarget, target-tracking "
                 "PutScalingPolicy); refused requests get the service's AccessDenied. "
                 "Supports Effect Allow/Deny, Action/NotAction, Resource/NotResource, "
                 "Condition String[Not]Equals/String[Not]Like[IfExists] on "
                 "iam:AWSServiceName, aws:RequestedRegion, aws:ResourceTag/KEY. "
                 "Replace or clear it at run time with POST /_sandbox/iam-policy "
                 "(Content-Type: application/json; body: the policy, or null). See "
                 "docs/sandbox-iam-policy.md")
      ->type_name("FILE");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  for (const auto& text : fault_rules) {
    auto rule = sandbox::ParseFaultRule(text);
    if (!rule.ok()) {
      std::cerr << "aws-sandbox: --fault " << rule.status().message() << "\n";
      return kExitUsage;
    }
    options.fault_rules.push_back(std::move(*rule));
  }
  if (!iam_policy_file.empty()) {
    arm::Result<nlohmann::json> document = LoadJson(iam_policy_file, "IAM policy");
    if (!document.ok()) {
      std::cerr << "aws-sandbox: " << document.status().message() << "\n";
      return kExitUsage;
    }
    auto policy = sandbox::ParseIamPolicy(*document);
    if (!policy.ok()) {
      std::cerr << "aws-sandbox: " << iam_policy_file << ": " << policy.status().message() << "\n";
      return kExitUsage;
    }
    options.iam_policy = std::make_shared<const sandbox::IamPolicy>(std::move(*policy));
  }
  std::string path = estate_file;
  if (path.empty() && generate.empty()) path = DefaultEstatePath(argv[0]);
  if (!path.empty()) {
    arm::Result<nlohmann::json> estate = LoadJson(path, "estate");
    if (!estate.ok()) {
      std::cerr << "aws-sandbox: " << estate.status().message() << "\n";
      return kExitUsage;
    }
    options.estate = std::move(*estate);
  }
  if (!generate.empty()) {
    auto counts = sandbox::ParseGenerateSpec(generate);
    if (!counts.ok()) {
      std::cerr << "aws-sandbox: " << counts.status().message() << "\n";
      return kExitUsage;
    }
    sandbox::GenerateEstate(*counts, prefix, options.estate);
  }

  std::unique_ptr<sandbox::Server> server;
  try {
    server = std::make_unique<sandbox::Server>(options);
  } catch (const std::exception& e) {
    std::cerr << "aws-sandbox: cannot load the estate: " << e.what() << "\n";
    return kExitUsage;
  }
  if (arm::Status started = server->Start(); !started.ok()) {
    std::cerr << "aws-sandbox: " << started.message() << "\n";
    return kExitStartFailed;
  }
  std::string line = "listening on http://127.0.0.1:" + std::to_string(server->port());
  // The port file first: whoever reads the stdout line may look at it next.
  if (!port_file.empty()) {
    // A fresh temp file beside it (mkostemp: never a link or a file someone
    // planted), 0600, then renamed over: a symlink at either name is
    // replaced, its target never written.
    arm::RealFileSystem fs;
    arm::Status written = fs.WriteFileDurable(port_file, line + "\n", 0600);
    if (!written.ok())
      std::cerr << "aws-sandbox: cannot write " << port_file << ": " << written.ToString() << "\n";
  }
  std::cout << line << std::endl;
  std::cerr << "aws-sandbox: estate " << (path.empty() ? "(empty)" : path)
            << (generate.empty() ? "" : " + generated " + generate) << "; Ctrl-C to stop\n";
  int sig = WaitForSignal();
  std::cerr << "aws-sandbox: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping\n";
  server->Stop();
  return kExitOk;
}
