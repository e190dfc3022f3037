// The completion scripts and the man page against the binary's own command
// definition (its --help), so neither can drift from the CLI.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/testing/aws_cli.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

std::string Bin() { return BinaryDir() + "/aws-resource-manager"; }

// Runs the binary once per distinct command line (the --help walks repeat).
CliResult Cli(const std::vector<std::string>& args) {
  static std::map<std::vector<std::string>, CliResult> cache;
  auto it = cache.find(args);
  if (it != cache.end()) return it->second;
  std::vector<std::string> argv = {Bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return cache[args] = RunProcess(argv, {"PATH=/usr/bin:/bin", "HOME=/nonexistent"});
}

// The section of CLI11 help text that starts with `title` ("Options:",
// "Subcommands:"), up to the next blank line.
std::string Section(const std::string& help, const std::string& title) {
  size_t start = help.find("\n" + title);
  if (start == std::string::npos) return "";
  size_t end = help.find("\n\n", start + 1);
  return help.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The option names at the start of each line of the "Options:" section
// ("  -q,--quiet  ..." -> --quiet).
std::set<std::string> LongOptions(const std::string& help) {
  std::set<std::string> out;
  std::string options = Section(help, "Options:");
  std::regex line_re("\n  (-[^ ]+)");
  for (auto it = std::sregex_iterator(options.begin(), options.end(), line_re);
       it != std::sregex_iterator(); ++it) {
    std::string names = (*it)[1];
    size_t pos = 0;
    while (pos < names.size()) {
      size_t comma = names.find(',', pos);
      if (comma == std::string::npos) comma = names.size();
      std::string n = names.substr(pos, comma - pos);
      if (n.rfind("--", 0) == 0) out.insert(n);
      pos = comma + 1;
    }
  }
  out.erase("--help");
  return out;
}

std::vector<std::string> Subcommands(const std::string& help) {
  std::vector<std::string> out;
  std::string subs = Section(help, "Subcommands:");
  std::regex re("\n  ([a-z]+) ");
  for (auto it = std::sregex_iterator(subs.begin(), subs.end(), re); it != std::sregex_iterator();
       ++it)
    out.push_back((*it)[1]);
  return out;
}

struct CommandDefinition {
  std::vector<std::string> path;  // {"plan", "stop"}
  std::set<std::string> options;
};

// Every command (nested too) with its own long options, from --help.
std::vector<CommandDefinition> Commands() {
  std::vector<CommandDefinition> out;
  std::vector<std::vector<std::string>> todo;
  for (const auto& s : Subcommands(Cli({"--help"}).out)) todo.push_back({s});
  while (!todo.empty()) {
    auto path = todo.back();
    todo.pop_back();
    auto args = path;
    args.push_back("--help");
    std::string help = Cli(args).out;
    out.push_back({path, LongOptions(help)});
    for (const auto& s : Subcommands(help)) {
      auto child = path;
      child.push_back(s);
      todo.push_back(child);
    }
  }
  return out;
}

TEST(ShellDocsTest, HelpListsTheCommandsThisTestChecks) {
  auto subs = Subcommands(Cli({"--help"}).out);
  for (const char* c : {"status", "stop", "start", "plan", "snapshot", "completion"})
    EXPECT_NE(std::find(subs.begin(), subs.end(), c), subs.end()) << c;
  EXPECT_TRUE(LongOptions(Cli({"--help"}).out).count("--endpoint-url"));
  EXPECT_TRUE(LongOptions(Cli({"plan", "stop", "--help"}).out).count("--resources"));
}

TEST(ShellDocsTest, BashCompletionIsValidAndCoversEveryCommandAndOption) {
  auto r = Cli({"completion", "bash"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string dir = MakeTempDir("arm-completion");
  std::string script = dir + "/arm.bash";
  std::ofstream(script) << r.out;
  auto syntax = RunProcess({"/bin/bash", "-n", script}, {"PATH=/usr/bin:/bin"});
  EXPECT_EQ(syntax.exit_code, 0) << syntax.err;
  for (const auto& c : Commands()) {
    EXPECT_TRUE(std::regex_search(r.out, std::regex("[\" ]" + c.path.back() + "[\" ]")))
        << c.path.back();
    for (const auto& o : c.options) EXPECT_NE(r.out.find(o), std::string::npos) << o;
  }
  for (const auto& o : LongOptions(Cli({"--help"}).out))
    EXPECT_NE(r.out.find(o), std::string::npos) << o;
  // What a user gets after pressing Tab: {words, index of the word completed,
  // the completions}. One bash process runs every case.
  struct Case {
    std::string words;
    int cword;
    std::string expected;
  };
  std::vector<Case> cases = {
      {"aws-resource-manager pl", 1, "plan"},
      {"aws-resource-manager plan ''", 2, "stop start"},
      {"aws-resource-manager --only lambda,k", 2, "lambda,kinesis"},
      {"aws-resource-manager --output ''", 2, "text json"},
      {"aws-resource-manager --output json plan stop --f", 5, "--format"},
      {"aws-resource-manager plan stop --format j", 4, "json"},
      {"aws-resource-manager completion ''", 2, "bash zsh"},
      // A flag takes no value: the word after it is still a command.
      {"aws-resource-manager -q --no-color plan ''", 4, "stop start"},
      // snapshot's --output is a file name, not text|json.
      {"aws-resource-manager snapshot --output ''", 3, ""},
      {"aws-resource-manager stop --d", 2, "--dry-run"},
      {"aws-resource-manager stop --e", 2, "--endpoint-url --exclude"},
  };
  std::string cmd = "source " + script + ";";
  for (const auto& c : cases)
    cmd += " COMP_WORDS=(" + c.words + "); COMP_CWORD=" + std::to_string(c.cword) +
           "; _aws_resource_manager; echo \"${COMPREPLY[*]}\";";
  auto run = RunProcess({"/bin/bash", "-c", cmd}, {"PATH=/usr/bin:/bin"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::istringstream lines(run.out);
  for (const auto& c : cases) {
    std::string got;
    std::getline(lines, got);
    EXPECT_EQ(got, c.expected) << c.words;
  }
  RemoveTree(dir);
}

TEST(ShellDocsTest, ZshCompletionIsValidWhenZshIsInstalled) {
  auto r = Cli({"completion", "zsh"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("#compdef aws-resource-manager\n", 0), 0u);
  std::string zsh;
  for (const char* p : {"/usr/bin/zsh", "/bin/zsh"})
    if (std::filesystem::exists(p)) zsh = p;
  if (zsh.empty()) GTEST_SKIP() << "zsh is not installed: only the bash syntax is checked";
  std::string dir = MakeTempDir("arm-completion");
  std::ofstream(dir + "/_arm") << r.out;
  auto syntax = RunProcess({zsh, "-n", dir + "/_arm"}, {"PATH=/usr/bin:/bin"});
  EXPECT_EQ(syntax.exit_code, 0) << syntax.err;
  // The completion function under zsh (zsh's compadd then filters by prefix).
  std::string cmd =
      "autoload -U compinit && compinit -u -d " + dir + "/zcompdump; source " + dir +
      "/_arm; COMP_WORDS=(aws-resource-manager -q plan ''); COMP_CWORD=3; _aws_resource_manager; "
      "print -r -- \"${COMPREPLY[*]}\"";
  auto run = RunProcess({zsh, "-f", "-c", cmd}, {"PATH=/usr/bin:/bin", "HOME=" + dir});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "stop start\n") << run.err;
  RemoveTree(dir);
}

TEST(ShellDocsTest, CompletionRejectsAnUnknownShell) {
  auto r = Cli({"completion", "fish"});
  EXPECT_EQ(r.exit_code, 2);
}

std::string ManPage() {
  std::string text = Slurp(SourceDir() + "/docs/aws-resource-manager.1");
  // roff escapes hyphens in options: \-\-config.
  std::string plain;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '-') continue;
    plain += text[i];
  }
  return plain;
}

TEST(ShellDocsTest, ManPageDocumentsEveryCommandAndOption) {
  std::string man = ManPage();
  ASSERT_FALSE(man.empty());
  for (const char* section :
       {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH COMMANDS", ".SH OPTIONS",
        ".SH ENVIRONMENT", ".SH FILES", ".SH \"EXIT STATUS\"", ".SH EXAMPLES"})
    EXPECT_NE(man.find(section), std::string::npos) << section;
  for (const auto& o : LongOptions(Cli({"--help"}).out))
    EXPECT_NE(man.find("\\fB" + o), std::string::npos) << "global option " << o;
  for (const auto& c : Commands()) {
    std::string name;
    for (const auto& p : c.path) name += (name.empty() ? "" : " ") + p;
    EXPECT_NE(man.find("\\fB" + name), std::string::npos) << "command " << name;
    for (const auto& o : c.options)
      EXPECT_NE(man.find("\\fB" + o), std::string::npos) << name << " " << o;
  }
}

TEST(ShellDocsTest, ManPageRendersWithoutWarnings) {
  std::string page = SourceDir() + "/docs/aws-resource-manager.1";
  if (!std::filesystem::exists("/usr/bin/groff")) GTEST_SKIP() << "groff is not installed";
  auto r =
      RunProcess({"/usr/bin/groff", "-man", "-Tutf8", "-ww", "-z", page}, {"PATH=/usr/bin:/bin"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  if (std::filesystem::exists("/usr/bin/man")) {
    auto m = RunProcess({"/usr/bin/man", "-l", "-P", "cat", page},
                        {"PATH=/usr/bin:/bin", "MANWIDTH=80"});
    EXPECT_EQ(m.exit_code, 0) << m.err;
    EXPECT_NE(m.out.find("aws-resource-manager"), std::string::npos);
  }
}

}  // namespace
}  // namespace arm::testing
