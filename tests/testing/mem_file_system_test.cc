#include "tests/testing/mem_file_system.h"

#include <gtest/gtest.h>

namespace arm::testing {
namespace {

TEST(MemFileSystemTest, WriteNeedsAnExistingFolderAndKeepsTheMode) {
  MemFileSystem fs;
  EXPECT_EQ(fs.WriteFileDurable("a/b.txt", "x", 0600).code(), StatusCode::kIoError);
  ASSERT_TRUE(fs.CreateDirs("a", 0700).ok());
  ASSERT_TRUE(fs.WriteFileDurable("a/b.txt", "x", 0600).ok());
  EXPECT_EQ(*fs.ReadFile("a/b.txt"), "x");
  EXPECT_EQ(fs.FileMode("a/b.txt"), 0600);
  EXPECT_EQ(fs.DirMode("a"), 0700);
  EXPECT_EQ(*fs.ListDir("a"), std::vector<std::string>{"b.txt"});
  EXPECT_TRUE(fs.ReadFile("a/none").status().IsNotFound());
}

TEST(MemFileSystemTest, FailNthWriteLeavesTargetUntouched) {
  MemFileSystem fs;
  fs.SetFile("f", "old");
  fs.FailWriteNumber(2);
  EXPECT_TRUE(fs.WriteFileDurable("f", "one", 0600).ok());
  EXPECT_FALSE(fs.WriteFileDurable("f", "two", 0600).ok());
  EXPECT_EQ(*fs.ReadFile("f"), "one");
  EXPECT_TRUE(fs.WriteFileDurable("f", "three", 0600).ok());
  EXPECT_EQ(fs.write_count(), 3);
}

TEST(MemFileSystemTest, ReadOnlyRefusesEveryChange) {
  MemFileSystem fs;
  fs.SetFile("f", "old");
  fs.SetReadOnly(true);
  EXPECT_FALSE(fs.WriteFileDurable("f", "new", 0600).ok());
  EXPECT_FALSE(fs.Remove("f").ok());
  EXPECT_FALSE(fs.Rename("f", "g").ok());
  EXPECT_FALSE(fs.CreateDirs("d", 0700).ok());
  EXPECT_EQ(*fs.ReadFile("f"), "old");
}

TEST(MemFileSystemTest, CrashDropsUnrenamedTempDataOnRestart) {
  MemFileSystem fs;
  fs.SetFile("f", "old");
  fs.CrashAtWrite(1, MemFileSystem::CrashPoint::kMidTempWrite);
  EXPECT_FALSE(fs.WriteFileDurable("f", "new content", 0600).ok());
  EXPECT_TRUE(fs.crashed());
  EXPECT_FALSE(fs.ReadFile("f").ok());
  EXPECT_EQ(fs.Files(), (std::vector<std::string>{"f", "f.tmp"}));
  fs.Restart();
  EXPECT_EQ(fs.Files(), std::vector<std::string>{"f"});
  EXPECT_EQ(*fs.ReadFile("f"), "old");
}

TEST(MemFileSystemTest, CrashAfterRenameKeepsTheNewContent) {
  MemFileSystem fs;
  fs.SetFile("f", "old");
  fs.CrashAtWrite(1, MemFileSystem::CrashPoint::kAfterRename);
  EXPECT_FALSE(fs.WriteFileDurable("f", "new", 0600).ok());
  fs.Restart();
  EXPECT_EQ(*fs.ReadFile("f"), "new");
}

}  // namespace
}  // namespace arm::testing
