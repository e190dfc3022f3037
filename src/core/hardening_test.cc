#include "core/hardening.h"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "tests/testing/testing.h"

namespace arm {
namespace {

// Checked in a child: the settings are process-wide and would change the
// other tests' umask.
TEST(HardeningTest, NoCoreDumpNotDumpableAndUmask077) {
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::umask(0);
    struct rlimit some = {1 << 20, RLIM_INFINITY};
    ::setrlimit(RLIMIT_CORE, &some);
    HardenProcess();
    int failures = 0;
    if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0) failures |= 1;
    struct rlimit core {};
    if (::getrlimit(RLIMIT_CORE, &core) != 0 || core.rlim_cur != 0 || core.rlim_max != 0)
      failures |= 2;
    if (::umask(0) != 077) failures |= 4;
    ::_exit(failures);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status) & 1, 0) << "still dumpable";
  EXPECT_EQ(WEXITSTATUS(status) & 2, 0) << "core dumps still allowed";
  EXPECT_EQ(WEXITSTATUS(status) & 4, 0) << "umask is not 077";
}

// The binary hardens itself before it reads any configuration or secret.
TEST(HardeningTest, MainHardensBeforeAnythingElse) {
  std::ifstream in(testing::SourceDir() + "/src/cli/main.cc");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  size_t main_at = text.find("int main(int argc, char** argv) {");
  ASSERT_NE(main_at, std::string::npos);
  size_t body = text.find('{', main_at) + 1;
  size_t first = text.find_first_not_of(" \n", body);
  size_t line_end = text.find('\n', first);
  std::string first_statement = text.substr(first, line_end - first);
  EXPECT_NE(first_statement.find("arm::HardenProcess();"), std::string::npos) << first_statement;
}

}  // namespace
}  // namespace arm
