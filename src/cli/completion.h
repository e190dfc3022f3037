#pragma once
// Shell completion scripts generated from the CLI11 definition itself, so a
// new command or option completes without anyone editing a script.
#include <map>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace arm {

struct CompletionOption {
  std::vector<std::string> names;  // "--output", "-q"
  bool takes_value = false;
  std::vector<std::string> values;  // known values; empty = a file or free text
};

// One command level: the root, a subcommand, or a nested subcommand.
struct CompletionNode {
  std::string path;  // "" root, "plan", "plan/stop"
  std::vector<CompletionOption> options;
  std::vector<std::string> positional_values;  // e.g. completion's bash|zsh
  std::vector<std::string> subcommands;
  std::vector<CompletionNode> children;
};

// Walks `app`. Values come from IsMember checks ("{text,json}" in the type
// name) and from `value_hints` (option name -> values, e.g. --only).
CompletionNode DescribeCli(const CLI::App& app,
                           const std::map<std::string, std::vector<std::string>>& value_hints);

// Scripts for `complete -F` (bash) and `#compdef` (zsh, through zsh's
// bashcompinit so both shells run the same logic). `program` is the command
// name completed.
std::string BashCompletion(const CompletionNode& root, const std::string& program);
std::string ZshCompletion(const CompletionNode& root, const std::string& program);

}  // namespace arm
