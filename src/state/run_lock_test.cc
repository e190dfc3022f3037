#include "state/run_lock.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/file_system.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

class RunLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    state_ = dir_ + "/config/aws-resource-state.json";
  }
  void TearDown() override { testing::RemoveTree(dir_); }
  std::string Host() {
    char buf[256] = {};
    ::gethostname(buf, sizeof(buf) - 1);
    return buf;
  }
  std::string dir_, state_;
  testing::FakeClock clock_;
  RealFileSystem fs_;
};

TEST_F(RunLockTest, AcquireWritesHolderInfoInA0600File) {
  mode_t old = ::umask(0);
  auto lock = RunLock::Acquire(state_, "stop", clock_);
  ::umask(old);
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  EXPECT_EQ((*lock)->path(), state_ + ".lock");
  auto holder = nlohmann::json::parse(*fs_.ReadFile(state_ + ".lock"));
  EXPECT_EQ(holder["pid"], ::getpid());
  EXPECT_EQ(holder["host"], Host());
  EXPECT_EQ(holder["command"], "stop");
  EXPECT_EQ(holder["since"], "2015-08-30T12:36:00Z");
  struct stat st;
  ASSERT_EQ(::stat((state_ + ".lock").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(RunLockTest, SecondAcquirerIsToldWhoHoldsTheLock) {
  auto first = RunLock::Acquire(state_, "stop", clock_);
  ASSERT_TRUE(first.ok());
  auto second = RunLock::Acquire(state_, "start", clock_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kConflict);
  EXPECT_EQ(second.status().message(),
            "another aws-resource-manager run holds the lock: pid " + std::to_string(::getpid()) +
                " on host " + Host() +
                ", command 'stop', since 2015-08-30T12:36:00Z; wait for it to "
                "finish, or remove " +
                state_ + ".lock if that process is gone");
}

TEST_F(RunLockTest, ReleasedOnDestruction) {
  {
    auto first = RunLock::Acquire(state_, "stop", clock_);
    ASSERT_TRUE(first.ok());
  }
  EXPECT_FALSE(fs_.Exists(state_ + ".lock"));
  auto again = RunLock::Acquire(state_, "start", clock_);
  EXPECT_TRUE(again.ok()) << again.status().ToString();
}

TEST_F(RunLockTest, StaleLockFileIsTakenOver) {
  ASSERT_TRUE(fs_.CreateDirs(dir_ + "/config", 0700).ok());
  ASSERT_TRUE(
      fs_.WriteFileDurable(state_ + ".lock", R"({"pid": 999999, "host": "gone"})", 0600).ok());
  auto lock = RunLock::Acquire(state_, "start", clock_);
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  EXPECT_EQ(nlohmann::json::parse(*fs_.ReadFile(state_ + ".lock"))["command"], "start");
}

TEST_F(RunLockTest, LockHeldByAnotherProcessIsRefusedAndFreedWhenItDies) {
  int to_child[2], to_parent[2];
  ASSERT_EQ(::pipe(to_child), 0);
  ASSERT_EQ(::pipe(to_parent), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto lock = RunLock::Acquire(state_, "stop", clock_);
    char c = lock.ok() ? 'y' : 'n';
    (void)!::write(to_parent[1], &c, 1);
    (void)!::read(to_child[0], &c, 1);
    ::_exit(0);  // dies holding the lock: no destructor runs, the file stays
  }
  char c = 0;
  ASSERT_EQ(::read(to_parent[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  auto refused = RunLock::Acquire(state_, "start", clock_);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("pid " + std::to_string(child) + " on host"),
            std::string::npos)
      << refused.status().message();
  ASSERT_EQ(::write(to_child[1], "x", 1), 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(fs_.Exists(state_ + ".lock"));
  auto taken = RunLock::Acquire(state_, "start", clock_);
  EXPECT_TRUE(taken.ok()) << taken.status().ToString();
  for (int fd : {to_child[0], to_child[1], to_parent[0], to_parent[1]}) ::close(fd);
}

// The lock used to follow a symlink and then fchmod/ftruncate/write the
// file it pointed to.
TEST_F(RunLockTest, ASymlinkAtTheLockPathIsRefusedAndItsTargetUntouched) {
  ASSERT_TRUE(fs_.CreateDirs(dir_ + "/config", 0700).ok());
  std::string victim = dir_ + "/victim";
  ASSERT_TRUE(fs_.WriteFileDurable(victim, "victim's file\n", 0644).ok());
  ASSERT_EQ(::symlink(victim.c_str(), (state_ + ".lock").c_str()), 0);
  auto lock = RunLock::Acquire(state_, "stop", clock_);
  ASSERT_FALSE(lock.ok());
  EXPECT_EQ(lock.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(lock.status().message().find("symbolic link; remove it"), std::string::npos)
      << lock.status().message();
  EXPECT_EQ(*fs_.ReadFile(victim), "victim's file\n");
  struct stat st;
  ASSERT_EQ(::stat(victim.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  EXPECT_TRUE(fs_.IsSymlink(state_ + ".lock"));
}

TEST_F(RunLockTest, ALockFileOfAnotherUserIsRefusedAndUntouched) {
  ASSERT_TRUE(fs_.CreateDirs(dir_ + "/config", 0700).ok());
  std::string path = state_ + ".lock";
  ASSERT_TRUE(fs_.WriteFileDurable(path, "theirs\n", 0644).ok());
  if (::chown(path.c_str(), 65534, 65534) != 0)
    GTEST_SKIP() << "cannot give a file to uid 65534 (not root)";
  auto lock = RunLock::Acquire(state_, "stop", clock_);
  ASSERT_FALSE(lock.ok());
  EXPECT_EQ(lock.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(lock.status().message().find("uid 65534"), std::string::npos)
      << lock.status().message();
  EXPECT_EQ(*fs_.ReadFile(path), "theirs\n");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(RunLockTest, ALockPathThatIsNotARegularFileIsRefused) {
  ASSERT_TRUE(fs_.CreateDirs(state_ + ".lock", 0700).ok());
  auto dir_lock = RunLock::Acquire(state_, "stop", clock_);
  EXPECT_FALSE(dir_lock.ok());
  ASSERT_EQ(::rmdir((state_ + ".lock").c_str()), 0);
  ASSERT_EQ(::mkfifo((state_ + ".lock").c_str(), 0600), 0);
  auto fifo_lock = RunLock::Acquire(state_, "stop", clock_);
  ASSERT_FALSE(fifo_lock.ok());
  EXPECT_NE(fifo_lock.status().message().find("not a regular file"), std::string::npos)
      << fifo_lock.status().message();
}

}  // namespace
}  // namespace arm
