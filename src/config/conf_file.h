#pragma once
// Shell-style KEY="value" files (what the old tool `source`d): comments,
// blank lines, optional `export `, double quotes (with \" \\ \$ \` escapes and
// $VAR / ${VAR} expansion), single quotes (literal) or bare words.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/environment.h"
#include "core/status.h"

namespace arm {

struct ConfEntry {
  std::string key;
  std::string value;
  int line = 0;
};

// `file` names the file in messages ("FILE:LINE: ..."). `$NAME` expands to an
// earlier key of the file, else to the environment variable (`env` may be
// null); undefined is an error.
Result<std::vector<ConfEntry>> ParseConf(std::string_view text, const std::string& file,
                                         const Environment* env);

}  // namespace arm
