#include "core/file_system.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/testing/mem_file_system.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

class RealDurableWriterTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { testing::RemoveTree(dir_); }

  std::vector<std::string> Names() {
    auto names = fs_.ListDir(dir_);
    return names.ok() ? *names : std::vector<std::string>{};
  }

  RealFileSystem fs_;
  std::string dir_;
};

TEST_F(RealDurableWriterTest, PiecesBecomeTheFileOnlyAtCommitWithItsModeWhateverTheUmask) {
  std::string path = dir_ + "/report.json";
  ASSERT_TRUE(fs_.WriteFileDurable(path, "old\n", 0600).ok());
  mode_t old_umask = ::umask(0);
  auto writer = fs_.OpenDurable(path, 0600);
  ::umask(old_umask);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  // Pieces smaller than, equal to and larger than the writer's buffer.
  std::string expected;
  for (size_t size :
       {size_t{1}, size_t{100}, size_t{64 * 1024}, size_t{3}, size_t{200 * 1024}, size_t{7}}) {
    std::string piece(size, static_cast<char>('a' + expected.size() % 26));
    expected += piece;
    ASSERT_TRUE((*writer)->Append(piece).ok());
  }
  EXPECT_EQ(*fs_.ReadFile(path), "old\n");
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ(*fs_.ReadFile(path), expected);
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  writer->reset();
  EXPECT_EQ(Names(), std::vector<std::string>{"report.json"});
}

TEST_F(RealDurableWriterTest, DroppedWithoutCommitLeavesTheTargetAndNoTempFile) {
  std::string path = dir_ + "/report.json";
  ASSERT_TRUE(fs_.WriteFileDurable(path, "old\n", 0600).ok());
  {
    auto writer = fs_.OpenDurable(path, 0600);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(std::string(100 * 1024, 'x')).ok());
    EXPECT_EQ(Names().size(), 2u);  // the temp file exists meanwhile
  }
  EXPECT_EQ(*fs_.ReadFile(path), "old\n");
  EXPECT_EQ(Names(), std::vector<std::string>{"report.json"});
}

TEST_F(RealDurableWriterTest, MissingFolderIsAnErrorAtOpen) {
  auto writer = fs_.OpenDurable(dir_ + "/no/such/report.json", 0600);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), StatusCode::kIoError);
}

TEST_F(RealDurableWriterTest, CommitIsOnce) {
  auto writer = fs_.OpenDurable(dir_ + "/a", 0600);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_FALSE((*writer)->Append("x").ok());
  EXPECT_FALSE((*writer)->Commit().ok());
  EXPECT_EQ(*fs_.ReadFile(dir_ + "/a"), "");
}

// The temp file used to be "<path>.tmp.<pid>", opened with O_TRUNC: a symlink
// planted there redirected the state into the victim's file.
TEST_F(RealDurableWriterTest, ASymlinkPlantedAtThePredictableTempNameIsNeverFollowed) {
  std::string path = dir_ + "/state.json";
  std::string victim = dir_ + "/victim";
  ASSERT_TRUE(fs_.WriteFileDurable(victim, "victim's file\n", 0644).ok());
  std::string planted = path + ".tmp." + std::to_string(::getpid());
  ASSERT_EQ(::symlink(victim.c_str(), planted.c_str()), 0);
  ASSERT_TRUE(fs_.WriteFileDurable(path, "state\n", 0600).ok());
  EXPECT_EQ(*fs_.ReadFile(victim), "victim's file\n");
  EXPECT_EQ(*fs_.ReadFile(path), "state\n");
  EXPECT_TRUE(fs_.IsSymlink(planted));
  EXPECT_FALSE(fs_.IsSymlink(path));
}

// A file pre-created at the temp name by someone who keeps it open must not
// receive the content (they would read the state through their fd).
TEST_F(RealDurableWriterTest, AFilePlantedAtThePredictableTempNameNeverReceivesTheContent) {
  std::string path = dir_ + "/state.json";
  std::string planted = path + ".tmp." + std::to_string(::getpid());
  int spy = ::open(planted.c_str(), O_RDWR | O_CREAT | O_EXCL, 0666);
  ASSERT_GE(spy, 0);
  ASSERT_EQ(::write(spy, "x", 1), 1);
  ASSERT_TRUE(fs_.WriteFileDurable(path, "secret state\n", 0600).ok());
  char buf[64] = {};
  ssize_t n = ::pread(spy, buf, sizeof(buf), 0);
  ::close(spy);
  EXPECT_EQ(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0), "x");
  EXPECT_EQ(*fs_.ReadFile(path), "secret state\n");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(RealDurableWriterTest, TempFilesGetFreshNamesBesideTheTarget) {
  std::string path = dir_ + "/state.json";
  auto a = fs_.OpenDurable(path, 0600);
  auto b = fs_.OpenDurable(path, 0600);
  ASSERT_TRUE(a.ok() && b.ok());
  auto names = Names();
  ASSERT_EQ(names.size(), 2u);
  EXPECT_NE(names[0], names[1]);
  for (const auto& n : names) {
    EXPECT_EQ(n.rfind("state.json.tmp.", 0), 0u) << n;
    EXPECT_NE(n, "state.json.tmp." + std::to_string(::getpid()));
  }
}

class PrivateFolderTest : public RealDurableWriterTest {};

TEST_F(PrivateFolderTest, OwnFolderWithoutOthersWriteIsAccepted) {
  ASSERT_EQ(::chmod(dir_.c_str(), 0755), 0);
  EXPECT_TRUE(fs_.CheckPrivateFolder(dir_).ok());
  EXPECT_TRUE(fs_.CheckPrivateFolder(dir_ + "/not-yet-made").ok());
}

TEST_F(PrivateFolderTest, WritableByOthersIsRefusedUnlessSticky) {
  for (mode_t mode : {0777, 0775, 0757}) {
    ASSERT_EQ(::chmod(dir_.c_str(), mode), 0);
    Status s = fs_.CheckPrivateFolder(dir_);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << std::oct << mode;
    EXPECT_NE(s.message().find("chmod go-w"), std::string::npos) << s.message();
  }
  ASSERT_EQ(::chmod(dir_.c_str(), 01777), 0);
  EXPECT_TRUE(fs_.CheckPrivateFolder(dir_).ok());
  ASSERT_EQ(::chmod(dir_.c_str(), 0700), 0);
}

TEST_F(PrivateFolderTest, FolderOfAnotherUserIsRefused) {
  std::string theirs = dir_ + "/theirs";
  ASSERT_EQ(::mkdir(theirs.c_str(), 0700), 0);
  if (::chown(theirs.c_str(), 65534, 65534) != 0)
    GTEST_SKIP() << "cannot give a folder to uid 65534 (not root)";
  Status s = fs_.CheckPrivateFolder(theirs);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("uid 65534"), std::string::npos) << s.message();
}

TEST_F(PrivateFolderTest, AFileIsNotAFolder) {
  ASSERT_TRUE(fs_.WriteFileDurable(dir_ + "/f", "", 0600).ok());
  EXPECT_FALSE(fs_.CheckPrivateFolder(dir_ + "/f").ok());
}

class BoundedReadTest : public RealDurableWriterTest {};

TEST_F(BoundedReadTest, DevZeroIsRefusedAtTheLimitCountedWhileReading) {
  auto r = fs_.ReadFile("/dev/zero", ReadLimits{1 * kMiB, false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message().rfind("/dev/zero is larger than 1 MiB; ", 0), 0u)
      << r.status().message();
}

TEST_F(BoundedReadTest, AFileUpToTheLimitIsReadAndALargerOneRefused) {
  std::string path = dir_ + "/f";
  ASSERT_TRUE(fs_.WriteFileDurable(path, std::string(kMiB, 'x'), 0600).ok());
  auto at_limit = fs_.ReadFile(path, ReadLimits{kMiB, false});
  ASSERT_TRUE(at_limit.ok()) << at_limit.status().ToString();
  EXPECT_EQ(at_limit->size(), kMiB);
  // Sparse: its size says it all, nothing is read.
  std::string sparse = dir_ + "/sparse";
  ASSERT_TRUE(fs_.WriteFileDurable(sparse, "", 0600).ok());
  ASSERT_EQ(::truncate(sparse.c_str(), 1024 * static_cast<off_t>(kMiB)), 0);
  auto big = fs_.ReadFile(sparse);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find(" is larger than 64 MiB"), std::string::npos)
      << big.status().message();
}

TEST_F(BoundedReadTest, OwnRegularFileRefusesALinkAFifoAndAnotherUsersFile) {
  const ReadLimits own{kMaxDataFileBytes, true};
  std::string mine = dir_ + "/state.json";
  ASSERT_TRUE(fs_.WriteFileDurable(mine, "{}", 0600).ok());
  ASSERT_TRUE(fs_.ReadFile(mine, own).ok());

  std::string link = dir_ + "/link.json";
  ASSERT_EQ(::symlink(mine.c_str(), link.c_str()), 0);
  auto linked = fs_.ReadFile(link, own);
  ASSERT_FALSE(linked.ok());
  EXPECT_NE(linked.status().message().find("symbolic link"), std::string::npos);
  EXPECT_TRUE(fs_.ReadFile(link).ok()) << "plain reads follow links";

  std::string fifo = dir_ + "/fifo.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto piped = fs_.ReadFile(fifo, own);  // must not block
  ASSERT_FALSE(piped.ok());
  EXPECT_NE(piped.status().message().find("not a regular file"), std::string::npos);

  std::string theirs = dir_ + "/theirs.json";
  ASSERT_TRUE(fs_.WriteFileDurable(theirs, "{}", 0644).ok());
  if (::chown(theirs.c_str(), 65534, 65534) != 0)
    GTEST_SKIP() << "cannot give a file to uid 65534 (not root)";
  auto planted = fs_.ReadFile(theirs, own);
  ASSERT_FALSE(planted.ok());
  EXPECT_EQ(planted.status().code(), StatusCode::kInvalidArgument);
  const std::string& m = planted.status().message();
  EXPECT_NE(m.find(theirs), std::string::npos) << m;
  EXPECT_NE(m.find("belongs to uid 65534"), std::string::npos) << m;
  EXPECT_NE(m.find("remove it"), std::string::npos) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  EXPECT_TRUE(fs_.ReadFile(theirs).ok()) << "only trusted reads check owners";
}

// SCHEDULE_HOLIDAYS=/some/fifo hung reconcile in open(2), deaf to TERM.
TEST_F(BoundedReadTest, RegularFileRefusesAFifoAFolderAndADeviceAtOnce) {
  ReadLimits regular{kMaxConfigFileBytes, false, true};
  std::string fifo = dir_ + "/holidays.ics";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto piped = fs_.ReadFile(fifo, regular);  // must not block
  ASSERT_FALSE(piped.ok());
  EXPECT_EQ(piped.status().message(),
            fifo + ": not a regular file (a FIFO); give the path of a file");
  auto folder = fs_.ReadFile(dir_, regular);
  ASSERT_FALSE(folder.ok());
  EXPECT_NE(folder.status().message().find("(a folder)"), std::string::npos);
  auto device = fs_.ReadFile("/dev/zero", regular);
  ASSERT_FALSE(device.ok());
  EXPECT_NE(device.status().message().find("a device"), std::string::npos);
  std::string file = dir_ + "/ok.ics";
  ASSERT_TRUE(fs_.WriteFileDurable(file, "x", 0600).ok());
  std::string link = dir_ + "/link.ics";
  ASSERT_EQ(::symlink(file.c_str(), link.c_str()), 0);
  EXPECT_EQ(*fs_.ReadFile(link, regular), "x");
}

TEST(MemFileSystemReadTest, KnowsOwnersAndLimits) {
  testing::MemFileSystem fs;
  fs.SetFile("state.json", "{}");
  EXPECT_TRUE(fs.ReadFile("state.json", ReadLimits{2, true}).ok());
  EXPECT_EQ(fs.ReadFile("state.json", ReadLimits{1, false}).status().code(),
            StatusCode::kInvalidArgument);
  fs.SetFileOwner("state.json", 0);
  EXPECT_TRUE(fs.ReadFile("state.json", ReadLimits{2, true}).ok()) << "root";
  fs.SetFileOwner("state.json", 65534);
  EXPECT_TRUE(fs.ReadFile("state.json").ok());
  auto planted = fs.ReadFile("state.json", ReadLimits{2, true});
  ASSERT_FALSE(planted.ok());
  EXPECT_NE(planted.status().message().find("belongs to uid 65534"), std::string::npos);
}

TEST(DefaultDurableWriterTest, FakesSeeOneDurableWriteAtCommitWithTheirFaults) {
  testing::MemFileSystem fs;
  fs.SetFile("logs/old", "");
  auto ok = fs.OpenDurable("logs/a.json", 0600);
  ASSERT_TRUE(ok.ok());
  ASSERT_TRUE((*ok)->Append("{\n").ok());
  ASSERT_TRUE((*ok)->Append("}\n").ok());
  EXPECT_FALSE(fs.Exists("logs/a.json"));
  EXPECT_EQ(fs.write_count(), 0);
  ASSERT_TRUE((*ok)->Commit().ok());
  EXPECT_EQ(fs.write_count(), 1);
  EXPECT_EQ(*fs.ReadFile("logs/a.json"), "{\n}\n");
  EXPECT_EQ(fs.FileMode("logs/a.json"), 0600);

  fs.FailWriteNumber(1);
  auto failing = fs.OpenDurable("logs/b.json", 0600);
  ASSERT_TRUE(failing.ok());
  ASSERT_TRUE((*failing)->Append("x").ok());
  EXPECT_FALSE((*failing)->Commit().ok());
  EXPECT_FALSE(fs.Exists("logs/b.json"));
}

}  // namespace
}  // namespace arm
