#include "sandbox/estate_generator.h"

#include <set>

#include "core/clock.h"
#include "sandbox/auth.h"
#include "sandbox/registry.h"

namespace sandbox {

arm::Result<std::map<std::string, int>> ParseGenerateSpec(const std::string& spec) {
  static const std::set<std::string> kKinds = {"endpoints", "streams",   "functions", "alarms",
                                               "tables",    "notebooks", "ecs",       "asgs",
                                               "instances", "rds",       "aurora",    "nodegroups"};
  std::map<std::string, int> out;
  size_t pos = 0;
  while (pos < spec.size()) {
    size_t comma = spec.find(',', pos);
    if (comma == std::string::npos) comma = spec.size();
    std::string item = spec.substr(pos, comma - pos);
    pos = comma + 1;
    if (item.empty()) continue;
    size_t eq = item.find('=');
    std::string kind = item.substr(0, eq);
    if (eq == std::string::npos || !kKinds.contains(kind)) {
      return arm::Status::InvalidArgument(
          "--generate: expected kind=count with kind one of endpoints, streams, "
          "functions, alarms, tables, notebooks, ecs, asgs, instances, rds, aurora, "
          "nodegroups; got '" +
          item + "'");
    }
    char* end = nullptr;
    long n = std::strtol(item.c_str() + eq + 1, &end, 10);
    if (eq + 1 == item.size() || *end != '\0' || n < 0 || n > 1000000) {
      return arm::Status::InvalidArgument("--generate: bad count in '" + item + "'");
    }
    out[kind] = static_cast<int>(n);
  }
  return out;
}

void GenerateEstate(const std::map<std::string, int>& counts, const std::string& prefix,
                    nlohmann::json& estate) {
  if (!estate.is_object()) estate = nlohmann::json::object();
  estate["generate_prefix"] = prefix;
  arm::RealClock clock;
  CredentialStore credentials;
  HandlerDeps deps;
  deps.context.clock = &clock;
  deps.credentials = &credentials;
  for (const auto& handler : MakeHandlers(deps)) handler->Generate(counts, estate);
}

}  // namespace sandbox
