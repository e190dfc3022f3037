#include "config/conf_file.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

namespace arm {
namespace {

// Bounds what $VAR expansion can build: "A=\"$A$A\"" repeated doubles the
// value on every line (fuzz/corpus/project_config/regress-doubling-expansion.conf).
constexpr size_t kMaxValueBytes = 64 * 1024;

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class LineParser {
 public:
  LineParser(std::string_view line, std::string where,
             const std::map<std::string, std::string>& vars, const Environment* env)
      : s_(line), where_(std::move(where)), vars_(vars), env_(env) {}

  Status Error(const std::string& msg) const { return Status::InvalidArgument(where_ + msg); }

  // Parses the value starting at `i_` up to the end of the line.
  Result<std::string> Value(size_t start) {
    i_ = start;
    std::string out;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t') {
        size_t rest = s_.find_first_not_of(" \t", i_);
        if (rest == std::string_view::npos || s_[rest] == '#') break;
        return Error("unquoted space in the value; put the value in quotes: KEY=\"a b\"");
      }
      if (c == '"') {
        ARM_RETURN_IF_ERROR(DoubleQuoted(&out));
      } else if (c == '\'') {
        size_t end = s_.find('\'', i_ + 1);
        if (end == std::string_view::npos) return Error("missing closing single quote");
        out.append(s_.substr(i_ + 1, end - i_ - 1));
        i_ = end + 1;
      } else if (c == '$') {
        ARM_RETURN_IF_ERROR(Expand(&out));
      } else if (c == '\\' && i_ + 1 < s_.size()) {
        out.push_back(s_[i_ + 1]);
        i_ += 2;
      } else if (c == '`' || c == ';' || c == '|' || c == '&' || c == '<' || c == '>' || c == '(' ||
                 c == ')') {
        return Error(std::string("unsupported shell syntax '") + c + "'; quote the value");
      } else {
        out.push_back(c);
        ++i_;
      }
    }
    return out;
  }

 private:
  Status DoubleQuoted(std::string* out) {
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_];
      if (c == '\\' && i_ + 1 < s_.size() &&
          std::string_view("\"\\$`").find(s_[i_ + 1]) != std::string_view::npos) {
        out->push_back(s_[i_ + 1]);
        i_ += 2;
      } else if (c == '$') {
        ARM_RETURN_IF_ERROR(Expand(out));
      } else if (c == '`') {
        return Error("command substitution (`...`) is not supported");
      } else {
        out->push_back(c);
        ++i_;
      }
    }
    if (i_ >= s_.size()) return Error("missing closing double quote");
    ++i_;
    return Status::Ok();
  }

  // $NAME or ${NAME}; a lone '$' stays literal.
  Status Expand(std::string* out) {
    size_t j = i_ + 1;
    bool braced = j < s_.size() && s_[j] == '{';
    if (braced) ++j;
    size_t name_start = j;
    if (j < s_.size() && s_[j] == '(')
      return Error("command substitution ($(...)) is not supported");
    if (j >= s_.size() || !IsNameStart(s_[j])) {
      if (braced) return Error("bad ${...} expansion");
      out->push_back('$');
      ++i_;
      return Status::Ok();
    }
    while (j < s_.size() && IsNameChar(s_[j])) ++j;
    std::string name(s_.substr(name_start, j - name_start));
    if (braced) {
      if (j >= s_.size() || s_[j] != '}')
        return Error("bad ${" + name + "...} expansion: only ${NAME} is supported");
      ++j;
    }
    auto it = vars_.find(name);
    std::optional<std::string> from_env = env_ != nullptr ? env_->Get(name) : std::nullopt;
    if (it != vars_.end()) {
      out->append(it->second);
    } else if (from_env) {
      out->append(*from_env);
    } else {
      return Error("$" + name + " is not defined above this line nor in the environment");
    }
    if (out->size() > kMaxValueBytes) {
      return Error("the value is longer than " + std::to_string(kMaxValueBytes) +
                   " bytes after expanding $" + name);
    }
    i_ = j;
    return Status::Ok();
  }

  std::string_view s_;
  std::string where_;
  const std::map<std::string, std::string>& vars_;
  const Environment* env_;
  size_t i_ = 0;
};

}  // namespace

Result<std::vector<ConfEntry>> ParseConf(std::string_view text, const std::string& file,
                                         const Environment* env) {
  std::vector<ConfEntry> entries;
  std::map<std::string, std::string> vars;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t b = line.find_first_not_of(" \t");
    if (b == std::string_view::npos || line[b] == '#') continue;
    line.remove_prefix(b);
    std::string where = file + ":" + std::to_string(line_no) + ": ";
    if (line.substr(0, 7) == "export " || line.substr(0, 7) == "export\t") {
      line.remove_prefix(7);
      line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
    }
    size_t k = 0;
    if (!line.empty() && IsNameStart(line[0])) {
      while (k < line.size() && IsNameChar(line[k])) ++k;
    }
    std::string key(line.substr(0, k));
    if (k == 0)
      return Status::InvalidArgument(where + "expected KEY=\"value\", got '" + std::string(line) +
                                     "'");
    if (k < line.size() && (line[k] == ' ' || line[k] == '\t') &&
        line.find_first_not_of(" \t", k) != std::string_view::npos &&
        line[line.find_first_not_of(" \t", k)] == '=') {
      return Status::InvalidArgument(where + "no spaces around '=' (write " + key + "=\"value\")");
    }
    if (k >= line.size() || line[k] != '=') {
      return Status::InvalidArgument(where + "expected KEY=\"value\", got '" + std::string(line) +
                                     "'");
    }
    LineParser parser(line, where, vars, env);
    auto value = parser.Value(k + 1);
    if (!value.ok()) return value.status();
    vars[key] = *value;
    entries.push_back(ConfEntry{key, std::move(value).value(), line_no});
  }
  return entries;
}

}  // namespace arm
