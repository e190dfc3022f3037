#pragma once
// Child processes for the benchmarks: run a program with wall time and peak
// RSS (wait4), and an aws-sandbox child on a free port with its counters.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bench {

struct ChildResult {
  int exit_code = -1;  // 128 + signal when killed
  double wall_s = 0;
  long max_rss_kb = 0;  // ru_maxrss of the child
  double cpu_s = 0;     // user + system CPU of the child (ru_utime + ru_stime)
};

// Runs argv (argv[0] a path) with exactly `env`, stdin /dev/null, stdout and
// stderr appended to `log`.
ChildResult RunChild(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                     const std::string& log);
// Static test credentials, no shared config, HOME=dir.
std::vector<std::string> CleanEnv(const std::string& dir);
std::string MakeTempDir();
void RemoveTree(const std::string& dir);
// The last `bytes` of a file.
std::string Tail(const std::string& path, size_t bytes);

// aws-sandbox --port 0 extra... started in the constructor, SIGTERM in the
// destructor.
class Sandbox {
 public:
  Sandbox(const std::string& bin_dir, const std::string& dir,
          const std::vector<std::string>& extra);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;
  bool ok() const { return port_ > 0; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // GET /_sandbox/state (services and call counters); null on failure.
  nlohmann::json State() const;
  // User + system CPU the sandbox has used so far (/proc/<pid>/stat).
  double CpuSeconds() const;

 private:
  int pid_ = -1;
  int port_ = 0;
};

}  // namespace bench
