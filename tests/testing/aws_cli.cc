#include "tests/testing/aws_cli.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include "core/file_system.h"
#include "tests/testing/aws_cli_models.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

constexpr auto kTimeout = std::chrono::seconds(120);

std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::string p = path;
  size_t start = 0;
  while (start <= p.size()) {
    size_t colon = p.find(':', start);
    if (colon == std::string::npos) colon = p.size();
    std::string dir = p.substr(start, colon - start);
    start = colon + 1;
    if (dir.empty()) continue;
    std::string candidate = dir + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// Runs argv with env; collects stdout/stderr; kills it after the timeout.
CliResult Run(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  CliResult result;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return result;
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return result;
  }
  std::vector<char*> c_argv, c_env;
  for (const auto& a : argv) c_argv.push_back(const_cast<char*>(a.c_str()));
  c_argv.push_back(nullptr);
  for (const auto& e : env) c_env.push_back(const_cast<char*>(e.c_str()));
  c_env.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::execve(c_argv[0], c_argv.data(), c_env.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (pid < 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return result;
  }
  auto deadline = std::chrono::steady_clock::now() + kTimeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  bool timed_out = false;
  char buf[65536];
  while (open_fds > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      ssize_t got = ::read(fds[i].fd, buf, sizeof(buf));
      if (got > 0) {
        (i == 0 ? result.out : result.err).append(buf, static_cast<size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (timed_out) {
    result.err += "\n[killed after timeout]";
    return result;
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (!result.out.empty()) {
    result.json = nlohmann::json::parse(result.out, nullptr, /*allow_exceptions=*/false);
    if (result.json.is_discarded()) result.json = nullptr;
  }
  return result;
}

std::vector<std::string> BaseEnv(const std::string& home,
                                 const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env = {
      {"AWS_ACCESS_KEY_ID", "test"},
      {"AWS_SECRET_ACCESS_KEY", "test"},
      {"AWS_DEFAULT_REGION", "us-east-1"},
      {"AWS_CONFIG_FILE", "/dev/null"},
      {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
      {"AWS_PAGER", ""},
      {"HOME", home},
      {"LC_ALL", "C.UTF-8"},
  };
  for (const char* keep : {"PATH", "PYENV_ROOT", "PYENV_VERSION"}) {
    if (const char* v = std::getenv(keep)) env[keep] = v;
  }
  for (const auto& [k, v] : extra) env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

// "aws-cli/2.9.19 (/usr/bin/aws)", or "aws (path)" when it is not an AWS
// CLI: for a CLI the probe cannot read.
std::string VersionLabel(const std::string& path) {
  std::string home = MakeTempDir("aws-cli-version");
  CliResult r = Run({path, "--version"}, BaseEnv(home, {}));
  RemoveTree(home);
  std::string version = r.out.empty() ? r.err : r.out;
  version = version.substr(0, version.find(' '));
  if (version.empty()) version = "aws";
  return version + " (" + path + ")";
}

std::string FirstBytes(const std::string& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string text(n, '\0');
  in.read(text.data(), static_cast<std::streamsize>(n));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

// A double-quoted word that follows `before` in `text`; "" if none.
std::string QuotedAfter(const std::string& text, const std::string& before) {
  size_t at = text.find(before + "\"");
  if (at == std::string::npos) return "";
  at += before.size() + 1;
  size_t end = text.find('"', at);
  return end == std::string::npos ? "" : text.substr(at, end - at);
}

// The script a pyenv shim runs (`pyenv which aws` with the PYENV_ROOT the
// shim sets), so that calls skip the shim's bash and `pyenv exec`; `path`
// itself when it is not a shim or pyenv cannot say.
std::string ResolvePyenvShim(const std::string& path) {
  std::string shim = FirstBytes(path, 4096);
  if (shim.rfind("#!", 0) != 0 || shim.find("\" exec \"$program\"") == std::string::npos)
    return path;
  std::string pyenv = QuotedAfter(shim, "exec ");
  std::string root = QuotedAfter(shim, "export PYENV_ROOT=");
  if (pyenv.empty() || root.empty()) return path;
  std::string home = MakeTempDir("aws-cli-pyenv");
  std::string name = std::filesystem::path(path).filename();
  CliResult r = Run({pyenv, "which", name}, BaseEnv(home, {{"PYENV_ROOT", root}}));
  RemoveTree(home);
  std::string script = r.out.substr(0, r.out.find('\n'));
  if (r.exit_code != 0 || script.empty() || script[0] != '/' || ::access(script.c_str(), X_OK) != 0)
    return path;
  return script;
}

// The Python interpreter of a script's #! line (through /usr/bin/env); ""
// when it has none, as the AWS CLI v2 installer's binary.
std::string PythonOf(const std::string& script) {
  std::string first = FirstBytes(script, 256);
  if (first.rfind("#!", 0) != 0) return "";
  std::istringstream words(first.substr(2, first.find('\n') - 2));
  std::string interpreter, argument;
  words >> interpreter >> argument;
  if (std::filesystem::path(interpreter).filename() == "env") interpreter = FindOnPath(argument);
  if (std::filesystem::path(interpreter).filename().string().rfind("python", 0) != 0) return "";
  return interpreter;
}

int64_t MtimeNs(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

// The models of the CLI at `path`, read by its own interpreter; a CLI whose
// interpreter is unknown or whose probe fails gets its `--version` label and
// no protocols, so that every test runs it.
AwsCliModels Probe(const std::string& path, const std::string& python) {
  if (!python.empty()) {
    std::string home = MakeTempDir("aws-cli-probe");
    std::vector<std::string> argv = {python, "-I", "-c", kAwsCliProbeScript};
    argv.insert(argv.end(), kAwsCliServices.begin(), kAwsCliServices.end());
    CliResult r = Run(argv, BaseEnv(home, {}));
    RemoveTree(home);
    auto models = ParseAwsCliProbe(path, r.out);
    if (r.exit_code == 0 && models.ok()) return *models;
    std::cerr << "note: could not probe the models of " << path
              << ", it runs in every AWS CLI test: " << r.err << "\n";
  }
  AwsCliModels unknown;
  unknown.cli = {path, VersionLabel(path)};
  return unknown;
}

// The `aws` on PATH (a pyenv shim resolved) and /usr/bin/aws if it is a
// different file.
std::vector<std::string> CandidatePaths() {
  namespace fs = std::filesystem;
  std::vector<std::string> paths;
  std::string on_path = FindOnPath("aws");
  if (!on_path.empty()) paths.push_back(ResolvePyenvShim(on_path));
  std::error_code ec;
  if (::access("/usr/bin/aws", X_OK) == 0 &&
      (paths.empty() ||
       !fs::equivalent(fs::canonical(paths[0], ec), fs::canonical("/usr/bin/aws", ec), ec))) {
    paths.push_back("/usr/bin/aws");
  }
  return paths;
}

std::string ProbeCacheDir() {
  const char* dir = std::getenv("ARM_TEST_CACHE_DIR");
  if (dir != nullptr && *dir != '\0') return dir;
  const char* tmp = std::getenv("TMPDIR");
  return std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/arm-test-cache-" +
         std::to_string(::geteuid());
}

// The working CLIs with their models: from the cache when it is for these
// CLIs and nothing changed since, else probed (and cached).
const std::vector<AwsCliModels>& ProbedClis() {
  static std::once_flag once;
  static std::vector<AwsCliModels> clis;
  std::call_once(once, [] {
    std::vector<std::string> paths = CandidatePaths();
    RealFileSystem fs;
    std::string dir = ProbeCacheDir();
    auto cached = ReadAwsCliProbeCache(fs, dir, paths, MtimeNs);
    if (cached.ok()) {
      clis = cached->clis;
      return;
    }
    AwsCliProbeRecord record;
    record.paths = paths;
    for (const auto& path : paths) {
      std::string python = PythonOf(path);
      record.mtimes[path] = MtimeNs(path);
      if (!python.empty()) record.mtimes[python] = MtimeNs(python);
      AwsCliModels models = Probe(path, python);
      if (!models.data_dir.empty()) record.mtimes[models.data_dir] = MtimeNs(models.data_dir);
      if (models.cli.label.rfind("aws-cli/", 0) == 0) record.clis.push_back(models);
    }
    Status written = WriteAwsCliProbeCache(fs, dir, record);
    if (!written.ok()) std::cerr << "note: AWS CLI probe not cached: " << written.message() << "\n";
    clis = record.clis;
  });
  return clis;
}

}  // namespace

CliResult RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  return Run(argv, env);
}

std::vector<AwsCli> FindAwsClis() {
  std::vector<AwsCli> out;
  for (const auto& models : ProbedClis()) out.push_back(models.cli);
  return out;
}

std::vector<AwsCli> AwsClisFor(const std::vector<std::string>& services) {
  for (const auto& service : services) {
    if (std::find(kAwsCliServices.begin(), kAwsCliServices.end(), service) == kAwsCliServices.end())
      ADD_FAILURE() << service << " is not in kAwsCliServices: add it so that the probe covers it";
  }
  const char* every = std::getenv("ARM_TEST_EVERY_AWS_CLI");
  bool every_cli = every != nullptr && *every != '\0' && std::string(every) != "0";
  return ChooseAwsClis(ProbedClis(), services, every_cli);
}

CliResult RunAwsCli(const AwsCli& cli, const std::string& endpoint,
                    const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& extra_env) {
  std::string home = MakeTempDir("aws-cli-home");
  std::vector<std::string> argv = {cli.path};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--endpoint-url", endpoint, "--output", "json"});
  CliResult r = Run(argv, BaseEnv(home, extra_env));
  RemoveTree(home);
  return r;
}

}  // namespace arm::testing
