#include "tests/testing/aws_cli.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>

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

std::string Label(const std::string& path) {
  std::string home = MakeTempDir("aws-cli-version");
  CliResult r = Run({path, "--version"}, BaseEnv(home, {}));
  RemoveTree(home);
  std::string version = r.out.empty() ? r.err : r.out;
  version = version.substr(0, version.find(' '));
  if (version.empty()) version = "aws";
  return version + " (" + path + ")";
}

}  // namespace

CliResult RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  return Run(argv, env);
}

std::vector<AwsCli> FindAwsClis() {
  static std::once_flag once;
  static std::vector<AwsCli> clis;
  std::call_once(once, [] {
    namespace fs = std::filesystem;
    std::vector<std::string> paths;
    std::string on_path = FindOnPath("aws");
    if (!on_path.empty()) paths.push_back(on_path);
    std::error_code ec;
    if (::access("/usr/bin/aws", X_OK) == 0 &&
        (on_path.empty() ||
         !fs::equivalent(fs::canonical(on_path, ec), fs::canonical("/usr/bin/aws", ec), ec))) {
      paths.push_back("/usr/bin/aws");
    }
    for (const auto& p : paths) {
      AwsCli cli{p, Label(p)};
      if (cli.label.rfind("aws-cli/", 0) == 0) clis.push_back(cli);
    }
  });
  return clis;
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
