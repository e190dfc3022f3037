#include "config/conf_file.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

std::vector<std::pair<std::string, std::string>> Pairs(const std::string& text,
                                                       const Environment* env = nullptr) {
  auto r = ParseConf(text, "f.conf", env);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::pair<std::string, std::string>> out;
  if (r.ok()) {
    for (const auto& e : *r) out.emplace_back(e.key, e.value);
  }
  return out;
}

std::string Error(const std::string& text) {
  auto r = ParseConf(text, "f.conf", nullptr);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? "" : r.status().message();
}

TEST(ConfFileTest, QuotesCommentsBlankLinesAndExport) {
  const char* text =
      "# comment\n"
      "\n"
      "   \n"
      "A=\"double quoted\"\n"
      "B='single $NOT expanded'\n"
      "C=bare # trailing comment\n"
      "export D=\"x\"\r\n"
      "  E=\"a \\\"q\\\" \\$ \\\\\"\n"
      "F=\n"
      "G=\"\"  # empty\n"
      "H=\"one\"'two'three\n";
  EXPECT_EQ(Pairs(text),
            (std::vector<std::pair<std::string, std::string>>{{"A", "double quoted"},
                                                              {"B", "single $NOT expanded"},
                                                              {"C", "bare"},
                                                              {"D", "x"},
                                                              {"E", "a \"q\" $ \\"},
                                                              {"F", ""},
                                                              {"G", ""},
                                                              {"H", "onetwothree"}}));
}

TEST(ConfFileTest, ExpandsEarlierKeysThenEnvironment) {
  MapEnvironment env(std::map<std::string, std::string>{{"HOME", "/home/u"}});
  EXPECT_EQ(Pairs("P=\"uja\"\nN=\"${P}-\"\nM=$P.x\nS=\"$HOME/s\"\nL='$'\nD=\"cost: "
                  "5$\"\n",
                  &env),
            (std::vector<std::pair<std::string, std::string>>{{"P", "uja"},
                                                              {"N", "uja-"},
                                                              {"M", "uja.x"},
                                                              {"S", "/home/u/s"},
                                                              {"L", "$"},
                                                              {"D", "cost: 5$"}}));
}

TEST(ConfFileTest, ExpansionThatKeepsDoublingIsAnErrorNotOutOfMemory) {
  std::string text = "A=xxxxxxxxxxxxxxxx\n";
  for (int i = 0; i < 40; ++i) text += "A=\"$A$A\"\n";
  EXPECT_EQ(Error(text), "f.conf:14: the value is longer than 65536 bytes after expanding $A");
}

TEST(ConfFileTest, MalformedLinesNameFileAndLine) {
  EXPECT_EQ(Error("A=1\nthis is not an assignment\n"),
            "f.conf:2: expected KEY=\"value\", got 'this is not an assignment'");
  EXPECT_EQ(Error("A = 1\n"), "f.conf:1: no spaces around '=' (write A=\"value\")");
  EXPECT_EQ(Error("\n\nA=\"open\n"), "f.conf:3: missing closing double quote");
  EXPECT_EQ(Error("A='open\n"), "f.conf:1: missing closing single quote");
  EXPECT_EQ(Error("A=two words\n"),
            "f.conf:1: unquoted space in the value; put the value in quotes: "
            "KEY=\"a b\"");
  EXPECT_EQ(Error("1A=x\n"), "f.conf:1: expected KEY=\"value\", got '1A=x'");
  EXPECT_EQ(Error("A=\"$(whoami)\"\n"), "f.conf:1: command substitution ($(...)) is not supported");
  EXPECT_EQ(Error("A=`whoami`\n"), "f.conf:1: unsupported shell syntax '`'; quote the value");
  EXPECT_EQ(Error("A=\"${UNDEFINED_X}\"\n"),
            "f.conf:1: $UNDEFINED_X is not defined above this line nor in the "
            "environment");
  EXPECT_EQ(Error("A=\"${B:-x}\"\n"), "f.conf:1: bad ${B...} expansion: only ${NAME} is supported");
}

}  // namespace
}  // namespace arm
