#pragma once
// Pretty-printed JSON written in pieces: byte for byte what
// nlohmann::json::dump(2) prints, without the whole document as one tree or
// one string (the audit report and the state file of a large estate are
// megabytes).
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"

namespace arm {

using JsonSink = std::function<Status(std::string_view)>;
// Produces an array's elements one at a time through `emit`, stopping at the
// first error `emit` returns.
using JsonElements =
    std::function<Status(const std::function<Status(const nlohmann::json&)>& emit)>;

// Appends `value` as dump(2) prints it `depth` levels deep inside an
// enclosing document (each line after the first indented 2 x depth more).
// Invalid UTF-8 is replaced (U+FFFD), never thrown.
void AppendIndented(const nlohmann::json& value, int depth, std::string* out);

// Writes the object `head` as head.dump(2) + "\n", except that each member
// named in `streamed` is an array whose elements come from its JsonElements.
// `head` holds a placeholder under those names, so that every member keeps
// its place in the key order.
Status WriteJsonObject(const nlohmann::json& head,
                       const std::map<std::string, JsonElements>& streamed, const JsonSink& write);

}  // namespace arm
