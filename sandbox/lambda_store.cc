#include "sandbox/lambda_store.h"

#include <cstdio>
#include <functional>

namespace sandbox {

namespace {

// Estate readers that keep defaults on a missing or mistyped field, so that a
// hand-edited estate cannot throw out of Load.
std::string Str(const nlohmann::json& j, const char* key, const std::string& def = "") {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : def;
}

long long Int(const nlohmann::json& j, const char* key, long long def) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<long long>() : def;
}

// Lambda's LastModified: "2015-08-30T12:36:00.000+0000".
std::string LambdaTime(const std::string& iso) {
  if (iso.size() < 19) return iso;
  return iso.substr(0, 19) + ".000+0000";
}

// A stable, base64-looking SHA-256 stand-in: deterministic per name.
std::string FakeSha256(const std::string& name) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t h = std::hash<std::string>{}(name);
  std::string out;
  for (int i = 0; i < 43; ++i) {
    h = h * 6364136223846793005ULL + 1442695040888963407ULL;
    out.push_back(kAlphabet[(h >> 58) & 63]);
  }
  return out + "=";
}

std::string FakeRevisionId(const std::string& name) {
  size_t h = std::hash<std::string>{}("rev:" + name);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08zx-%04zx-4%03zx-8%03zx-%012zx", h & 0xffffffff,
                (h >> 32) & 0xffff, (h >> 48) & 0xfff, (h >> 8) & 0xfff, (h * 31) & 0xffffffffffff);
  return buf;
}

LambdaFunction ParseFunction(const nlohmann::json& f, const std::string& now_iso) {
  LambdaFunction fn;
  fn.name = Str(f, "FunctionName");
  fn.runtime = Str(f, "Runtime", "python3.11");
  fn.handler = Str(f, "Handler", "app.handler");
  fn.role = Str(f, "Role");
  fn.description = Str(f, "Description");
  fn.memory_size = static_cast<int>(Int(f, "MemorySize", 128));
  fn.timeout = static_cast<int>(Int(f, "Timeout", 3));
  fn.code_size = Int(f, "CodeSize", 1024 + static_cast<long long>(fn.name.size()) * 37);
  fn.code_sha256 = Str(f, "CodeSha256", FakeSha256(fn.name));
  fn.last_modified = Str(f, "LastModified", LambdaTime(now_iso));
  fn.revision_id = FakeRevisionId(fn.name);
  if (auto it = f.find("Tags"); it != f.end() && it->is_object()) {
    for (const auto& [k, v] : it->items()) {
      if (v.is_string()) fn.tags[k] = v.get<std::string>();
    }
  }
  if (auto it = f.find("ReservedConcurrentExecutions"); it != f.end() && it->is_number_integer()) {
    fn.reserved_concurrency = it->get<int>();
  }
  return fn;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t next = s.find(sep, pos);
    out.push_back(s.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) return out;
    pos = next + 1;
  }
}

}  // namespace

std::string LambdaFunctionArn(const std::string& region, const std::string& account,
                              const std::string& name) {
  return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
}

void LambdaStore::Load(const nlohmann::json& section, const std::string& now_iso) {
  functions_.clear();
  reserved_total_ = 0;
  account_limit_ = kDefaultAccountLimit;
  unreserved_minimum_ = kDefaultUnreservedMinimum;
  if (!section.is_object()) return;
  account_limit_ =
      static_cast<int>(Int(section, "account_concurrency_limit", kDefaultAccountLimit));
  unreserved_minimum_ =
      static_cast<int>(Int(section, "unreserved_concurrency_minimum", kDefaultUnreservedMinimum));
  auto it = section.find("functions");
  if (it == section.end() || !it->is_array()) return;
  for (const auto& f : *it) {
    if (!f.is_object()) continue;
    LambdaFunction fn = ParseFunction(f, now_iso);
    if (fn.name.empty()) continue;
    if (auto old = functions_.find(fn.name); old != functions_.end()) {
      reserved_total_ -= old->second.reserved_concurrency.value_or(0);
    }
    reserved_total_ += fn.reserved_concurrency.value_or(0);
    functions_[fn.name] = std::move(fn);
  }
}

bool LambdaStore::Erase(const std::string& name) {
  auto it = functions_.find(name);
  if (it == functions_.end()) return false;
  reserved_total_ -= it->second.reserved_concurrency.value_or(0);
  functions_.erase(it);
  return true;
}

void LambdaStore::SetReservation(LambdaFunction& function, std::optional<int> n) {
  reserved_total_ += n.value_or(0) - function.reserved_concurrency.value_or(0);
  function.reserved_concurrency = n;
}

nlohmann::json LambdaStore::Dump() const {
  nlohmann::json functions = nlohmann::json::object();
  for (const auto& [name, fn] : functions_) {
    functions[name] = {
        {"reserved_concurrency",
         fn.reserved_concurrency ? nlohmann::json(*fn.reserved_concurrency) : nullptr},
        {"tags", fn.tags}};
  }
  return {{"account_concurrency_limit", account_limit_},
          {"unreserved_concurrent_executions", Unreserved()},
          {"functions", std::move(functions)}};
}

std::string LambdaStore::BaseName(const std::string& name_or_arn) {
  std::vector<std::string> parts = Split(name_or_arn, ':');
  if (parts.size() >= 7 && parts[0] == "arn") return parts[6];
  if (parts.size() >= 3 && parts[1] == "function") return parts[2];
  return parts[0];
}

LambdaFunction* LambdaStore::Find(const std::string& name_or_arn, const std::string& region,
                                  const std::string& account) {
  std::vector<std::string> parts = Split(name_or_arn, ':');
  if (parts.size() >= 7 && parts[0] == "arn") {
    if (parts[2] != "lambda" || parts[3] != region || parts[4] != account || parts[5] != "function")
      return nullptr;
  } else if (parts.size() >= 3 && parts[1] == "function") {
    if (parts[0] != account) return nullptr;
  }
  auto it = functions_.find(BaseName(name_or_arn));
  return it == functions_.end() ? nullptr : &it->second;
}

bool LambdaStore::CanReserve(const LambdaFunction& function, int n) const {
  return Unreserved() + function.reserved_concurrency.value_or(0) - n >= unreserved_minimum_;
}

long long LambdaStore::TotalCodeSize() const {
  long long total = 0;
  for (const auto& [name, fn] : functions_) total += fn.code_size;
  return total;
}

void LambdaStore::Generate(int count, nlohmann::json& estate) {
  nlohmann::json& section = estate["lambda"];
  if (!section.is_object()) section = nlohmann::json::object();
  nlohmann::json& functions = section["functions"];
  if (!functions.is_array()) functions = nlohmann::json::array();
  int reserved = 0;
  for (const auto& f : functions)
    reserved += static_cast<int>(Int(f, "ReservedConcurrentExecutions", 0));
  for (int i = 0; i < count; ++i) {
    char name[48];
    std::snprintf(name, sizeof(name), "generated-function-%05d", i);
    nlohmann::json f = {{"FunctionName", name},
                        {"Runtime", "python3.11"},
                        {"Handler", "app.handler"},
                        {"Role", "arn:aws:iam::000000000000:role/lambda-exec"},
                        {"MemorySize", 128 << (i % 4)},
                        {"Timeout", 30},
                        {"Description", std::string(name) + " function"},
                        {"Tags", {{"Project", "generated-project-" + std::to_string(i % 10)}}}};
    if (i % 4 == 0) {
      int n = 1 + i % 5;
      f["ReservedConcurrentExecutions"] = n;
      reserved += n;
    }
    functions.push_back(std::move(f));
  }
  int minimum =
      static_cast<int>(Int(section, "unreserved_concurrency_minimum", kDefaultUnreservedMinimum));
  int limit = static_cast<int>(Int(section, "account_concurrency_limit", kDefaultAccountLimit));
  if (limit - reserved < minimum) {
    // Round up to a whole thousand, as AWS quota increases are granted.
    limit = (reserved + minimum + 999) / 1000 * 1000;
  }
  section["account_concurrency_limit"] = limit;
}

}  // namespace sandbox
