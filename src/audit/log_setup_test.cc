#include "audit/log_setup.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/testing/testing.h"

namespace arm {
namespace {

class LogSetupTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir("arm-log"); }
  void TearDown() override {
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("null"));  // closes the files
    testing::RemoveTree(dir_);
  }
  std::string dir_;
  RealFileSystem fs_;
};

TEST_F(LogSetupTest, FileGetsDebugInAPrivateFileWhateverTheConsoleLevel) {
  LogOptions o;
  o.log_dir = dir_ + "/logs";
  o.console_level = "off";
  ASSERT_TRUE(SetupLogging(fs_, o).ok());
  spdlog::debug("debug line {}", 1);
  spdlog::trace("trace line");
  FlushLogs();
  auto text = fs_.ReadFile(o.log_dir + "/" + kLogFileName);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("[debug]"), std::string::npos) << *text;
  EXPECT_NE(text->find("debug line 1"), std::string::npos);
  EXPECT_EQ(text->find("trace line"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat((o.log_dir + "/" + kLogFileName).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(o.log_dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST_F(LogSetupTest, RotatesBySizeKeepingMaxFiles) {
  LogOptions o;
  o.log_dir = dir_;
  o.console_level = "off";
  o.max_file_bytes = 2000;
  o.max_files = 3;
  ASSERT_TRUE(SetupLogging(fs_, o).ok());
  for (int i = 0; i < 200; ++i)
    spdlog::info("line {} of a log that outgrows its file size limit", i);
  FlushLogs();
  std::string base = dir_ + "/aws-resource-manager";
  EXPECT_TRUE(fs_.Exists(base + ".log"));
  EXPECT_TRUE(fs_.Exists(base + ".1.log"));
  EXPECT_TRUE(fs_.Exists(base + ".3.log"));
  EXPECT_FALSE(fs_.Exists(base + ".4.log"));
  auto text = fs_.ReadFile(base + ".log");
  ASSERT_TRUE(text.ok());
  EXPECT_LE(text->size(), 2000u);
  EXPECT_NE(text->find("line 199 "), std::string::npos);
}

TEST_F(LogSetupTest, InfoLinesReachTheFileAtOnceDebugLinesWithinASecond) {
  LogOptions o;
  o.log_dir = dir_;
  o.console_level = "off";
  ASSERT_TRUE(SetupLogging(fs_, o).ok());
  const std::string path = dir_ + "/" + kLogFileName;
  spdlog::info("an info line");
  auto text = fs_.ReadFile(path);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("an info line"), std::string::npos) << "info is flushed at once";
  spdlog::debug("a debug line");
  // The periodic flush (every second) writes it without FlushLogs(); poll, as
  // the flusher thread runs on its own schedule.
  bool found = false;
  for (int i = 0; i < 50 && !found; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    text = fs_.ReadFile(path);
    found = text.ok() && text->find("a debug line") != std::string::npos;
  }
  EXPECT_TRUE(found) << "debug lines are flushed at least every second";
}

TEST_F(LogSetupTest, UnwritableFolderLeavesTheConsoleAndSaysWhy) {
  LogOptions o;
  o.log_dir = "/proc/arm-no-such-folder/logs";
  o.console_level = "info";
  Status s = SetupLogging(fs_, o);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.ToString().find("console only"), std::string::npos) << s.ToString();
  spdlog::info("still works");
}

// spdlog's own sink opened the log through a symlink planted at its path.
TEST_F(LogSetupTest, ASymlinkAtTheLogPathIsRefusedAndItsTargetUntouched) {
  std::string victim = dir_ + "/victim";
  ASSERT_TRUE(fs_.WriteFileDurable(victim, "victim's file\n", 0644).ok());
  ASSERT_EQ(::symlink(victim.c_str(), (dir_ + "/" + kLogFileName).c_str()), 0);
  LogOptions o;
  o.log_dir = dir_;
  o.console_level = "off";
  Status s = SetupLogging(fs_, o);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("symbolic link"), std::string::npos) << s.ToString();
  spdlog::error("a line that must not reach the victim");
  FlushLogs();
  EXPECT_EQ(*fs_.ReadFile(victim), "victim's file\n");
  struct stat st {};
  ASSERT_EQ(::stat(victim.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(LogSetupTest, ALogFileOrFolderOfAnotherUserIsRefused) {
  std::string path = dir_ + "/" + kLogFileName;
  ASSERT_TRUE(fs_.WriteFileDurable(path, "theirs\n", 0644).ok());
  if (::chown(path.c_str(), 65534, 65534) != 0)
    GTEST_SKIP() << "cannot give a file to uid 65534 (not root)";
  LogOptions o;
  o.log_dir = dir_;
  o.console_level = "off";
  Status s = SetupLogging(fs_, o);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("uid 65534"), std::string::npos) << s.ToString();
  spdlog::error("a line that must not reach their file");
  FlushLogs();
  EXPECT_EQ(*fs_.ReadFile(path), "theirs\n");

  ASSERT_EQ(::chown(dir_.c_str(), 65534, 65534), 0);
  ASSERT_EQ(::unlink(path.c_str()), 0);
  s = SetupLogging(fs_, o);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("refusing folder"), std::string::npos) << s.ToString();
  EXPECT_FALSE(fs_.Exists(path));
  ASSERT_EQ(::chown(dir_.c_str(), ::geteuid(), ::getegid()), 0);
}

TEST_F(LogSetupTest, AFolderOthersCanWriteToIsRefused) {
  ASSERT_EQ(::chmod(dir_.c_str(), 0777), 0);
  LogOptions o;
  o.log_dir = dir_;
  o.console_level = "off";
  Status s = SetupLogging(fs_, o);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("chmod go-w"), std::string::npos) << s.ToString();
  EXPECT_FALSE(fs_.Exists(dir_ + "/" + kLogFileName));
}

// After a rotation spdlog created the new file by the umask (0644).
TEST_F(LogSetupTest, EveryLogFileIsPrivateAfterRotationsWhateverTheUmask) {
  LogOptions o;
  o.log_dir = dir_;
  o.console_level = "off";
  o.max_file_bytes = 1000;
  o.max_files = 2;
  mode_t old_umask = ::umask(0);
  Status s = SetupLogging(fs_, o);
  for (int i = 0; i < 100; ++i) spdlog::info("line {} of a log that rotates", i);
  FlushLogs();
  ::umask(old_umask);
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto names = fs_.ListDir(dir_);
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names,
            (std::vector<std::string>{"aws-resource-manager.1.log", "aws-resource-manager.2.log",
                                      "aws-resource-manager.log"}));
  for (const auto& name : *names) {
    struct stat st {};
    ASSERT_EQ(::lstat((dir_ + "/" + name).c_str(), &st), 0);
    EXPECT_TRUE(S_ISREG(st.st_mode)) << name;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << name;
  }
}

}  // namespace
}  // namespace arm
