#include "bench/bench_process.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

namespace bench {
namespace {

std::vector<char*> CStrings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

int Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
          const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  auto args = CStrings(argv), envp = CStrings(env);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(rc));
    return -1;
  }
  return pid;
}

}  // namespace

ChildResult RunChild(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                     const std::string& log) {
  ChildResult r;
  auto t0 = std::chrono::steady_clock::now();
  int pid = Spawn(argv, env, log);
  if (pid < 0) return r;
  int status = 0;
  struct rusage usage {};
  if (wait4(pid, &status, 0, &usage) != pid) return r;
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.max_rss_kb = usage.ru_maxrss;
  auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6;
  };
  r.cpu_s = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::vector<std::string> CleanEnv(const std::string& dir) {
  return {"AWS_ACCESS_KEY_ID=test",
          "AWS_SECRET_ACCESS_KEY=test",
          "AWS_REGION=us-east-1",
          "AWS_CONFIG_FILE=/dev/null",
          "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
          "AWS_EC2_METADATA_DISABLED=true",
          "HOME=" + dir,
          "PATH=/usr/bin:/bin"};
}

std::string MakeTempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "arm-bench-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) return "/tmp";
  return tmpl;
}

void RemoveTree(const std::string& dir) {
  std::error_code ec;
  if (dir != "/tmp") std::filesystem::remove_all(dir, ec);
}

std::string Tail(const std::string& path, size_t bytes) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > bytes ? s.substr(s.size() - bytes) : s;
}

Sandbox::Sandbox(const std::string& bin_dir, const std::string& dir,
                 const std::vector<std::string>& extra) {
  std::string port_file = dir + "/sandbox.port";
  std::remove(port_file.c_str());
  std::vector<std::string> argv = {bin_dir + "/aws-sandbox", "--port", "0", "--port-file",
                                   port_file};
  argv.insert(argv.end(), extra.begin(), extra.end());
  pid_ = Spawn(argv, CleanEnv(dir), dir + "/sandbox.log");
  if (pid_ < 0) return;
  for (int i = 0; i < 600; ++i) {  // up to 60 s for a large generated estate
    std::ifstream in(port_file);
    std::string line;
    if (std::getline(in, line)) {
      auto colon = line.rfind(':');
      if (colon != std::string::npos) port_ = std::atoi(line.c_str() + colon + 1);
      if (port_ > 0) return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      std::fprintf(stderr, "aws-sandbox exited early: %s\n",
                   Tail(dir + "/sandbox.log", 800).c_str());
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::fprintf(stderr, "aws-sandbox did not write its port file\n");
}

Sandbox::~Sandbox() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
}

nlohmann::json Sandbox::State() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(60, 0);
  auto res = client.Get("/_sandbox/state");
  if (!res || res->status != 200) return nlohmann::json();
  return nlohmann::json::parse(res->body, nullptr, false);
}

double Sandbox::CpuSeconds() const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name (which is in parentheses and may hold spaces):
  // state is field 3, utime 14, stime 15.
  auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::atol(field.c_str());
    if (i == 15) stime = std::atol(field.c_str());
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace bench
