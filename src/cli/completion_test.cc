#include "cli/completion.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

namespace arm {
namespace {

const CompletionOption* Find(const CompletionNode& n, const std::string& name) {
  for (const auto& o : n.options)
    for (const auto& x : o.names)
      if (x == name) return &o;
  return nullptr;
}

TEST(CompletionTest, DescribesCommandsOptionsAndValuesFromTheDefinition) {
  CLI::App app{"test"};
  std::string s, out;
  std::vector<std::string> only;
  bool flag = false;
  app.add_option("--output", out)->check(CLI::IsMember({"text", "json"}));
  app.add_option("--only", only)->delimiter(',');
  app.add_flag("--quiet,-q", flag);
  auto* plan = app.add_subcommand("plan", "p");
  auto* stop = plan->add_subcommand("stop", "s");
  stop->add_option("--resources", s);
  auto* comp = app.add_subcommand("completion", "c");
  comp->add_option("shell", s)->check(CLI::IsMember({"bash", "zsh"}));

  CompletionNode root = DescribeCli(app, {{"--only", {"lambda", "kinesis"}}});
  ASSERT_NE(Find(root, "--output"), nullptr);
  EXPECT_EQ(Find(root, "--output")->values, (std::vector<std::string>{"text", "json"}));
  EXPECT_EQ(Find(root, "--only")->values, (std::vector<std::string>{"lambda", "kinesis"}));
  EXPECT_FALSE(Find(root, "-q")->takes_value);
  EXPECT_EQ(root.subcommands, (std::vector<std::string>{"plan", "completion"}));
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].children[0].path, "plan/stop");
  EXPECT_TRUE(Find(root.children[0].children[0], "--resources")->takes_value);
  EXPECT_EQ(root.children[1].positional_values, (std::vector<std::string>{"bash", "zsh"}));

  std::string bash = BashCompletion(root, "tool");
  EXPECT_NE(bash.find("complete -o bashdefault -o default -F _tool tool"), std::string::npos);
  EXPECT_NE(bash.find("\"subs|plan\") REPLY=\"stop\""), std::string::npos) << bash;
  EXPECT_NE(bash.find("\"|--output\") REPLY=\"text json\""), std::string::npos) << bash;
  EXPECT_EQ(ZshCompletion(root, "tool").rfind("#compdef tool\n", 0), 0u);
}

}  // namespace
}  // namespace arm
