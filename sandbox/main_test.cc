// The aws-sandbox binary itself: first stdout line, --port-file, clean stop.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/testing/sandbox_http.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

struct Child {
  pid_t pid = -1;
  int out = -1;
};

Child Spawn(const std::vector<std::string>& args) {
  std::string binary = BinaryDir() + "/aws-sandbox";
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return {};
  std::vector<std::string> owned = args;  // execv takes char*, not const char*
  std::vector<char*> argv = {binary.data()};
  for (std::string& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], 1);
    int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) ::dup2(devnull, 2);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  return {pid, pipe_fds[0]};
}

// Reads up to the first newline, or "" after the timeout.
std::string FirstLine(int fd, std::chrono::seconds timeout) {
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (line.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return "";
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char c[256];
    ssize_t n = ::read(fd, c, sizeof(c));
    if (n <= 0) return "";
    line.append(c, static_cast<size_t>(n));
  }
  return line.substr(0, line.find('\n'));
}

int WaitExit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(AwsSandboxBinaryTest, PortZeroPrintsListeningLineAndStopsOnSigterm) {
  if (::access((BinaryDir() + "/aws-sandbox").c_str(), X_OK) != 0)
    GTEST_SKIP() << "aws-sandbox not built";
  std::string dir = MakeTempDir("aws-sandbox-main");
  std::string port_file = dir + "/port";
  Child child = Spawn({"--port", "0", "--port-file", port_file, "--estate",
                       SourceDir() + "/config/demo-estate.json", "--generate", "tables=3",
                       "--prefix", "gen-"});
  ASSERT_GT(child.pid, 0);
  std::string line = FirstLine(child.out, std::chrono::seconds(30));
  std::smatch m;
  ASSERT_TRUE(std::regex_match(line, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))")))
      << line;
  int port = std::stoi(m[1]);
  std::ifstream in(port_file);
  std::string from_file;
  std::getline(in, from_file);
  EXPECT_EQ(from_file, line);

  HttpRequest state;
  state.path = "/_sandbox/state";
  RawResponse r = SendRaw(port, state);
  ASSERT_EQ(r.status, 200);
  auto tables = nlohmann::json::parse(r.body)["services"]["dynamodb"]["tables"];
  EXPECT_EQ(tables.size(), 6u);  // 3 demo + 3 generated
  EXPECT_EQ(tables[0]["TableName"], "billing-service-ledger");
  EXPECT_EQ(tables[1]["TableName"], "gen-table-0000");

  ::kill(child.pid, SIGTERM);
  EXPECT_EQ(WaitExit(child.pid), 0);
  ::close(child.out);
  RemoveTree(dir);
}

// Everything the child writes to stdout until it exits.
std::string ReadToEnd(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

std::string ReadFileText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// On a shared host, someone who can write to the folder of the port file
// plants links at its name and at the temp name the old code used
// (PATH.tmp): neither target may be written, and the file is ours alone.
TEST(AwsSandboxBinaryTest, PortFileNeverFollowsAPlantedSymlink) {
  if (::access((BinaryDir() + "/aws-sandbox").c_str(), X_OK) != 0)
    GTEST_SKIP() << "aws-sandbox not built";
  std::string dir = MakeTempDir("aws-sandbox-portfile");
  std::string port_file = dir + "/port";
  std::string victim = dir + "/victim", victim_tmp = dir + "/victim-tmp";
  std::ofstream(victim) << "precious\n";
  std::ofstream(victim_tmp) << "precious too\n";
  ASSERT_EQ(::symlink(victim.c_str(), port_file.c_str()), 0);
  ASSERT_EQ(::symlink(victim_tmp.c_str(), (port_file + ".tmp").c_str()), 0);
  Child child = Spawn({"--port", "0", "--port-file", port_file, "--estate",
                       SourceDir() + "/config/demo-estate.json"});
  ASSERT_GT(child.pid, 0);
  std::string line = FirstLine(child.out, std::chrono::seconds(30));
  ::kill(child.pid, SIGTERM);
  EXPECT_EQ(WaitExit(child.pid), 0);
  ::close(child.out);
  ASSERT_EQ(line.rfind("listening on http://127.0.0.1:", 0), 0u) << line;

  EXPECT_EQ(ReadFileText(victim), "precious\n");
  EXPECT_EQ(ReadFileText(victim_tmp), "precious too\n");
  struct stat st {};
  ASSERT_EQ(::lstat(port_file.c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode)) << "the port file is still a link";
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(ReadFileText(port_file), line + "\n");
  RemoveTree(dir);
}

TEST(AwsSandboxBinaryTest, HelpSaysItIsATestDoubleNotAnAuthBoundary) {
  if (::access((BinaryDir() + "/aws-sandbox").c_str(), X_OK) != 0)
    GTEST_SKIP() << "aws-sandbox not built";
  Child help = Spawn({"--help"});
  ASSERT_GT(help.pid, 0);
  std::string text = ReadToEnd(help.out);
  EXPECT_EQ(WaitExit(help.pid), 0);
  ::close(help.out);
  EXPECT_NE(text.find("test double on loopback, not an auth boundary"), std::string::npos) << text;
  EXPECT_NE(text.find("test/test is always accepted"), std::string::npos) << text;
  EXPECT_NE(text.find("Host 127.0.0.1:PORT or localhost:PORT"), std::string::npos) << text;
}

TEST(AwsSandboxBinaryTest, VersionAndBadFlags) {
  if (::access((BinaryDir() + "/aws-sandbox").c_str(), X_OK) != 0)
    GTEST_SKIP() << "aws-sandbox not built";
  Child version = Spawn({"--version"});
  EXPECT_NE(FirstLine(version.out, std::chrono::seconds(30)).find("aws-sandbox"),
            std::string::npos);
  EXPECT_EQ(WaitExit(version.pid), 0);
  ::close(version.out);
  Child bad = Spawn({"--generate", "widgets=3"});
  EXPECT_NE(WaitExit(bad.pid), 0);
  ::close(bad.out);
}

// A bad policy file stops the start with exit 2 and one line saying why.
TEST(AwsSandboxBinaryTest, IamPolicyFileIsCheckedBeforeListening) {
  if (::access((BinaryDir() + "/aws-sandbox").c_str(), X_OK) != 0)
    GTEST_SKIP() << "aws-sandbox not built";
  std::string dir = MakeTempDir("aws-sandbox-policy");
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
    return dir + "/" + name;
  };
  for (const std::string& text :
       {std::string("{not json"), std::string(R"({"Statement":[{"Effect":"Allow"}]})"),
        std::string(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
                                      "Condition":{"NumericEquals":{"aws:RequestedRegion":"1"}}}]})")}) {
    Child bad = Spawn({"--port", "0", "--iam-policy", write("bad.json", text)});
    EXPECT_EQ(FirstLine(bad.out, std::chrono::seconds(30)), "");
    EXPECT_EQ(WaitExit(bad.pid), 2) << text;
    ::close(bad.out);
  }
  Child good = Spawn(
      {"--port", "0", "--iam-policy",
       write("good.json", R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*",
                                              "Resource":"*"}})")});
  std::smatch m;
  std::string line = FirstLine(good.out, std::chrono::seconds(30));
  ASSERT_TRUE(std::regex_match(line, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))")))
      << line;
  HttpRequest get;
  get.path = "/_sandbox/iam-policy";
  RawResponse r = SendRaw(std::stoi(m[1]), get);
  EXPECT_EQ(nlohmann::json::parse(r.body)["Statement"]["Action"], "s3:*");
  ::kill(good.pid, SIGTERM);
  EXPECT_EQ(WaitExit(good.pid), 0);
  ::close(good.out);
  RemoveTree(dir);
}

}  // namespace
}  // namespace arm::testing
