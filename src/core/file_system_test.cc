#include "core/file_system.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

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
  for (size_t size : {size_t{1}, size_t{100}, size_t{64 * 1024}, size_t{3}, size_t{200 * 1024}, size_t{7}}) {
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
