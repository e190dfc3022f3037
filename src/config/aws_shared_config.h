#pragma once
// The AWS CLI's shared files, ~/.aws/config and ~/.aws/credentials, read as
// botocore reads them: "[profile NAME]" (or "[default]") in config, "[NAME]"
// in credentials; the credentials file wins for the keys it has.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/environment.h"
#include "core/file_system.h"
#include "core/status.h"

namespace arm {

struct SharedConfigPaths {
  std::string config_file;       // AWS_CONFIG_FILE or $HOME/.aws/config
  std::string credentials_file;  // AWS_SHARED_CREDENTIALS_FILE or $HOME/.aws/credentials
  // The same paths with $HOME shown as "~", for messages.
  std::string config_display;
  std::string credentials_display;
};

SharedConfigPaths SharedConfigPathsFromEnv(const Environment& env);

struct Profile {
  std::string name;
  // Keys as written (region, role_arn, aws_access_key_id, ...). Values may
  // be secrets: never log the map.
  std::map<std::string, std::string> values;
  // Nested sections ("s3 =" followed by indented "key = value" lines).
  std::map<std::string, std::map<std::string, std::string>> sub_sections;
  bool in_config_file = false;
  bool in_credentials_file = false;
  // Where the profile comes from, for messages ("~/.aws/config").
  std::string config_display;
  std::string credentials_display;

  // The value, or nullopt when absent or empty.
  std::optional<std::string> Get(const std::string& key) const;
  bool Has(const std::string& key) const { return Get(key).has_value(); }
};

class SharedConfig {
 public:
  // Reads both files; a missing file is no error, an unreadable or
  // malformed one is (the message names the file and line, never content).
  static Result<SharedConfig> Load(FileSystem& fs, const Environment& env);
  static Result<SharedConfig> Parse(std::string_view config_text, std::string_view credentials_text,
                                    SharedConfigPaths paths);

  // nullptr when neither file has the profile.
  const Profile* Find(const std::string& name) const;
  // The named profile; "default" may be absent (an empty profile is
  // returned), any other missing name is InvalidArgument.
  Result<Profile> Get(const std::string& name) const;
  std::vector<std::string> ProfileNames() const;
  const SharedConfigPaths& paths() const { return paths_; }

 private:
  SharedConfigPaths paths_;
  std::map<std::string, Profile> profiles_;
};

// --profile > AWS_PROFILE > AWS_DEFAULT_PROFILE > "default".
std::string SelectProfileName(const std::string& profile_flag, const Environment& env);

}  // namespace arm
