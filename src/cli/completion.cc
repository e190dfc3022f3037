#include "cli/completion.h"

#include <CLI/CLI.hpp>
#include <cctype>

namespace arm {
namespace {

std::vector<std::string> ChoicesInTypeName(const std::string& type_name) {
  // CLI::IsMember describes itself as "{a,b,c}".
  std::vector<std::string> out;
  size_t open = type_name.find('{'), close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return out;
  std::string list = type_name.substr(open + 1, close - open - 1);
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = list.find(',', pos);
    if (comma == std::string::npos) comma = list.size();
    std::string v = list.substr(pos, comma - pos);
    while (!v.empty() && v.front() == ' ') v.erase(v.begin());
    if (!v.empty()) out.push_back(v);
    pos = comma + 1;
  }
  return out;
}

void Describe(const CLI::App& app, const std::string& path,
              const std::map<std::string, std::vector<std::string>>& hints, CompletionNode* node) {
  node->path = path;
  for (const CLI::Option* opt : app.get_options()) {
    if (!opt->nonpositional()) {
      auto v = ChoicesInTypeName(opt->get_type_name());
      node->positional_values.insert(node->positional_values.end(), v.begin(), v.end());
      continue;
    }
    CompletionOption o;
    for (const auto& l : opt->get_lnames()) o.names.push_back("--" + l);
    for (const auto& s : opt->get_snames()) o.names.push_back("-" + s);
    o.takes_value = opt->get_expected_max() > 0;  // flags expect 0 values
    if (o.takes_value) {
      o.values = ChoicesInTypeName(opt->get_type_name());
      for (const auto& n : o.names) {
        auto it = hints.find(n);
        if (it != hints.end() && o.values.empty()) o.values = it->second;
      }
    }
    node->options.push_back(std::move(o));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    node->subcommands.push_back(sub->get_name());
    CompletionNode child;
    Describe(*sub, path.empty() ? sub->get_name() : path + "/" + sub->get_name(), hints, &child);
    node->children.push_back(std::move(child));
  }
}

std::string Words(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::string FunctionName(const std::string& program) {
  std::string out = "_";
  for (char c : program) out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

// Data tables as shell `case` arms, one per node.
void Tables(const CompletionNode& n, std::string* words, std::string* values) {
  std::vector<std::string> opts;
  for (const auto& o : n.options) {
    for (const auto& name : o.names) {
      opts.push_back(name);
      if (o.takes_value)
        *values += "      \"" + n.path + "|" + name + "\") REPLY=\"" + Words(o.values) +
                   "\"; return 0 ;;\n";
    }
  }
  std::vector<std::string> next = n.subcommands;
  next.insert(next.end(), n.positional_values.begin(), n.positional_values.end());
  *words += "    \"opts|" + n.path + "\") REPLY=\"" + Words(opts) + "\" ;;\n";
  *words += "    \"subs|" + n.path + "\") REPLY=\"" + Words(n.subcommands) + "\" ;;\n";
  *words += "    \"args|" + n.path + "\") REPLY=\"" + Words(next) + "\" ;;\n";
  for (const auto& c : n.children) Tables(c, words, values);
}

}  // namespace

CompletionNode DescribeCli(const CLI::App& app,
                           const std::map<std::string, std::vector<std::string>>& value_hints) {
  CompletionNode root;
  Describe(app, "", value_hints, &root);
  return root;
}

std::string BashCompletion(const CompletionNode& root, const std::string& program) {
  std::string f = FunctionName(program);
  std::string words, values;
  Tables(root, &words, &values);
  std::string s;
  s += "# " + program + " completion, generated from its command definition by `" + program +
       " completion bash`.\n";
  s += "# Load it with: source <(" + program + " completion bash)\n\n";
  s += "# REPLY = the words of kind $1 (opts, subs, args) at command path $2.\n";
  s += f + "_words() {\n  case \"$1|$2\" in\n" + words + "    *) REPLY=\"\" ;;\n  esac\n}\n\n";
  s += "# Succeeds when option $2 takes a value at path $1 or a parent (options\n"
       "# fall through to the parent command); REPLY = its known values.\n";
  s += f + "_value() {\n  local p=$1\n  while true; do\n    case \"$p|$2\" in\n" + values +
       "    esac\n    [[ -z $p ]] && return 1\n    if [[ $p == */* ]]; then p=${p%/*}; else "
       "p=\"\"; fi\n  done\n}\n\n";
  s += f +
       "() {\n"
       "  [[ -n ${ZSH_VERSION-} ]] && setopt local_options ksh_arrays\n"
       "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
       "  local cmd=\"\" i w skip=0 p all=\"\"\n"
       "  COMPREPLY=()\n"
       "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
       "    w=${COMP_WORDS[i]}\n"
       "    if ((skip)); then skip=0; continue; fi\n"
       "    case $w in\n"
       "      -*=*) ;;\n"
       "      -*) " +
       f +
       "_value \"$cmd\" \"$w\" && skip=1 ;;\n"
       "      *)\n"
       "        " +
       f +
       "_words subs \"$cmd\"\n"
       "        if [[ \" $REPLY \" == *\" $w \"* ]]; then cmd=${cmd:+$cmd/}$w; fi ;;\n"
       "    esac\n"
       "  done\n"
       "  if [[ $prev == -* ]] && " +
       f +
       "_value \"$cmd\" \"$prev\"; then\n"
       "    if [[ -n $REPLY ]]; then\n"
       "      local head=\"\" last=$cur\n"
       "      if [[ $cur == *,* ]]; then head=${cur%,*},; last=${cur##*,}; fi\n"
       "      COMPREPLY=($(compgen -P \"$head\" -W \"$REPLY\" -- \"$last\"))\n"
       "    fi\n"
       "    return 0\n"
       "  fi\n"
       "  if [[ $cur == -* ]]; then\n"
       "    p=$cmd\n"
       "    while true; do\n"
       "      " +
       f +
       "_words opts \"$p\"; all=\"$all $REPLY\"\n"
       "      [[ -z $p ]] && break\n"
       "      if [[ $p == */* ]]; then p=${p%/*}; else p=\"\"; fi\n"
       "    done\n"
       "    COMPREPLY=($(compgen -W \"$all\" -- \"$cur\"))\n"
       "  else\n"
       "    " +
       f +
       "_words args \"$cmd\"\n"
       "    COMPREPLY=($(compgen -W \"$REPLY\" -- \"$cur\"))\n"
       "  fi\n"
       "  return 0\n"
       "}\n\n";
  s += "complete -o bashdefault -o default -F " + f + " " + program + "\n";
  return s;
}

std::string ZshCompletion(const CompletionNode& root, const std::string& program) {
  return "#compdef " + program + "\n# zsh runs the bash completion logic through bashcompinit.\n" +
         "autoload -U +X bashcompinit && bashcompinit\n\n" + BashCompletion(root, program);
}

}  // namespace arm
