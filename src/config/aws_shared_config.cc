#include "config/aws_shared_config.h"

#include <utility>

namespace arm {
namespace {

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

// One INI section as written, before it is mapped to a profile name.
struct Section {
  std::string header;
  std::map<std::string, std::string> values;
  std::map<std::string, std::map<std::string, std::string>> sub_sections;
};

// Python configparser rules as botocore uses them: full-line comments (# ;),
// "key = value" or "key: value", indented lines continue the previous value
// (an empty value followed by indented "k = v" lines is a nested section).
// Messages never quote a line: the credentials file holds secrets.
Result<std::vector<Section>> ParseIni(std::string_view text, const std::string& display) {
  std::vector<Section> sections;
  std::string last_key;
  size_t line_no = 0;
  size_t pos = 0;
  auto error = [&](const std::string& what) {
    return Status::InvalidArgument(display + " line " + std::to_string(line_no) + ": " + what);
  };
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    std::string_view line = Trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') {
      if (end == text.size()) break;
      continue;
    }
    bool indented = raw[0] == ' ' || raw[0] == '\t';
    if (indented && !sections.empty() && !last_key.empty()) {
      Section& s = sections.back();
      size_t eq = line.find('=');
      if (eq != std::string_view::npos && s.values[last_key].empty()) {
        std::string k(Trim(line.substr(0, eq)));
        s.sub_sections[last_key][k] = std::string(Trim(line.substr(eq + 1)));
      } else {
        std::string& v = s.values[last_key];
        v += v.empty() ? "" : "\n";
        v += line;
      }
    } else if (line[0] == '[') {
      size_t close = line.rfind(']');
      if (close == std::string_view::npos || close < 2) return error("malformed section header");
      sections.push_back(Section{std::string(Trim(line.substr(1, close - 1))), {}, {}});
      last_key.clear();
    } else {
      if (sections.empty()) return error("'key = value' before any [section]");
      size_t eq = line.find_first_of("=:");
      if (eq == std::string_view::npos) return error("expected 'key = value'");
      std::string key(Trim(line.substr(0, eq)));
      if (key.empty()) return error("empty key");
      sections.back().values[key] = std::string(Trim(line.substr(eq + 1)));
      sections.back().sub_sections.erase(key);
      last_key = key;
    }
    if (end == text.size()) break;
  }
  return sections;
}

std::string Display(const std::string& path, const std::string& home) {
  if (!home.empty() && path.size() > home.size() && path.compare(0, home.size(), home) == 0 &&
      path[home.size()] == '/') {
    return "~" + path.substr(home.size());
  }
  return path;
}

std::string ExpandHome(const std::string& path, const std::string& home) {
  if (path == "~" || path.rfind("~/", 0) == 0) return home + path.substr(1);
  return path;
}

void MergeInto(Profile& p, const Section& s) {
  for (const auto& [k, v] : s.values) {
    p.values[k] = v;
    p.sub_sections.erase(k);
  }
  for (const auto& [k, sub] : s.sub_sections) p.sub_sections[k] = sub;
}

Result<std::string> ReadOptional(FileSystem& fs, const std::string& path) {
  auto r = fs.ReadFile(path, ReadLimits{kMaxConfigFileBytes, false});
  if (r.ok()) return std::move(r).value();
  if (r.status().IsNotFound()) return std::string();
  return r.status();
}

}  // namespace

SharedConfigPaths SharedConfigPathsFromEnv(const Environment& env) {
  std::string home = env.GetOr("HOME", "");
  SharedConfigPaths p;
  p.config_file = ExpandHome(env.GetOr("AWS_CONFIG_FILE", JoinPath(home, ".aws/config")), home);
  p.credentials_file = ExpandHome(
      env.GetOr("AWS_SHARED_CREDENTIALS_FILE", JoinPath(home, ".aws/credentials")), home);
  p.config_display = Display(p.config_file, home);
  p.credentials_display = Display(p.credentials_file, home);
  return p;
}

std::optional<std::string> Profile::Get(const std::string& key) const {
  auto it = values.find(key);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

Result<SharedConfig> SharedConfig::Load(FileSystem& fs, const Environment& env) {
  SharedConfigPaths paths = SharedConfigPathsFromEnv(env);
  auto config = ReadOptional(fs, paths.config_file);
  if (!config.ok()) return config.status();
  auto creds = ReadOptional(fs, paths.credentials_file);
  if (!creds.ok()) return creds.status();
  return Parse(*config, *creds, std::move(paths));
}

Result<SharedConfig> SharedConfig::Parse(std::string_view config_text,
                                         std::string_view credentials_text,
                                         SharedConfigPaths paths) {
  auto config = ParseIni(config_text, paths.config_display);
  if (!config.ok()) return config.status();
  auto creds = ParseIni(credentials_text, paths.credentials_display);
  if (!creds.ok()) return creds.status();

  SharedConfig out;
  out.paths_ = std::move(paths);
  auto profile = [&out](const std::string& name) -> Profile& {
    Profile& p = out.profiles_[name];
    p.name = name;
    p.config_display = out.paths_.config_display;
    p.credentials_display = out.paths_.credentials_display;
    return p;
  };
  // In config only "[default]" and "[profile NAME]" are profiles; other
  // sections (sso-session, services) are not.
  for (const Section& s : *config) {
    auto words = SplitWords(s.header);
    std::string name;
    if (words.size() == 1 && words[0] == "default") {
      name = "default";
    } else if (words.size() == 2 && words[0] == "profile") {
      name = std::string(words[1]);
    } else {
      continue;
    }
    Profile& p = profile(name);
    p.in_config_file = true;
    MergeInto(p, s);
  }
  // Applied after the config file so that its keys win.
  for (const Section& s : *creds) {
    if (s.header.empty()) continue;
    Profile& p = profile(s.header);
    p.in_credentials_file = true;
    MergeInto(p, s);
  }
  return out;
}

const Profile* SharedConfig::Find(const std::string& name) const {
  auto it = profiles_.find(name);
  return it == profiles_.end() ? nullptr : &it->second;
}

Result<Profile> SharedConfig::Get(const std::string& name) const {
  if (const Profile* p = Find(name)) return *p;
  if (name == "default") {
    Profile p;
    p.name = name;
    p.config_display = paths_.config_display;
    p.credentials_display = paths_.credentials_display;
    return p;
  }
  return Status::InvalidArgument("profile '" + name + "' not found in " + paths_.config_display +
                                 " or " + paths_.credentials_display);
}

std::vector<std::string> SharedConfig::ProfileNames() const {
  std::vector<std::string> names;
  for (const auto& [name, p] : profiles_) names.push_back(name);
  return names;
}

std::string SelectProfileName(const std::string& profile_flag, const Environment& env) {
  if (!profile_flag.empty()) return profile_flag;
  return env.GetOr("AWS_PROFILE", env.GetOr("AWS_DEFAULT_PROFILE", "default"));
}

}  // namespace arm
