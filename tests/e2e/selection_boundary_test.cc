// The selection is a boundary nothing crosses, as a property: an estate of
// our project and three neighbours (billing-service-*, search-indexer-*, and
// user-journey-analytics-v2-*, which our default name prefix also matches),
// and seeded random configs, flags and state files (hand-edited entries
// naming neighbours included). For each combination the test computes the
// selection itself, from the estate and the config, and checks that every
// mutating call the sandbox logged names only resources inside it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "tests/e2e/manager_fixture.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

constexpr int kCombinations = 40;  // docs/reliability.md quotes this number
// Run as this many tests of kCombinations / kShards each, so that ctest -j
// spreads them over the cores instead of one long test.
constexpr int kShards = 4;

struct Resource {
  std::string selector, name, project;  // project: the value of its Project tag
};

nlohmann::json Tags(const std::string& project) {
  return nlohmann::json::array({{{"Key", "Project"}, {"Value", project}}});
}

nlohmann::json Function(const std::string& name, const std::string& project, int concurrency) {
  return {{"FunctionName", name},
          {"Runtime", "python3.11"},
          {"Handler", "app.handler"},
          {"Role", "arn:aws:iam::000000000000:role/lambda-exec"},
          {"MemorySize", 128},
          {"Timeout", 30},
          {"Tags", {{"Project", project}}},
          {"ReservedConcurrentExecutions", concurrency}};
}

nlohmann::json Stream(const std::string& name, const std::string& project, int shards) {
  return {{"StreamName", name},
          {"StreamMode", "PROVISIONED"},
          {"OpenShardCount", shards},
          {"RetentionPeriodHours", 24},
          {"Tags", Tags(project)}};
}

nlohmann::json Alarm(const std::string& name, const std::string& project) {
  return {{"AlarmName", name},
          {"ActionsEnabled", true},
          {"OKActions", nlohmann::json::array()},
          {"AlarmActions", nlohmann::json::array({"arn:aws:sns:us-east-1:000000000000:ops"})},
          {"InsufficientDataActions", nlohmann::json::array()},
          {"MetricName", "Errors"},
          {"Namespace", "AWS/Lambda"},
          {"Statistic", "Sum"},
          {"Dimensions", nlohmann::json::array()},
          {"Period", 300},
          {"EvaluationPeriods", 1},
          {"Threshold", 1.0},
          {"ComparisonOperator", "GreaterThanThreshold"},
          {"StateValue", "OK"},
          {"Tags", Tags(project)}};
}

nlohmann::json BoundaryEstate() {
  nlohmann::json e = SandboxFixture::DemoEstate();
  for (const char* p : {"user-journey-analytics-v2", "search-indexer"}) {
    std::string prefix = std::string(p) + "-";
    e["lambda"]["functions"].push_back(Function(prefix + "worker", p, 3));
    e["kinesis"]["streams"].push_back(Stream(prefix + "clicks", p, 2));
    e["cloudwatch"]["metric_alarms"].push_back(Alarm(prefix + "errors", p));
  }
  return e;
}

// Every resource of the estate that stop/start can change, with its tag.
std::vector<Resource> Universe(const nlohmann::json& estate) {
  std::vector<Resource> out;
  auto tag_of = [](const nlohmann::json& tags) {
    if (tags.is_object()) return tags.value("Project", "");
    if (tags.is_array())
      for (const auto& t : tags)
        if (t.value("Key", "") == "Project") return t.value("Value", "");
    return std::string();
  };
  for (const auto& f : estate["lambda"]["functions"])
    out.push_back({"lambda", f["FunctionName"], tag_of(f.value("Tags", nlohmann::json()))});
  for (const auto& s : estate["kinesis"]["streams"])
    out.push_back({"kinesis", s["StreamName"], tag_of(s.value("Tags", nlohmann::json()))});
  for (const auto& a : estate["cloudwatch"]["metric_alarms"])
    out.push_back({"cloudwatch", a["AlarmName"], tag_of(a.value("Tags", nlohmann::json()))});
  for (const auto& a : estate["cloudwatch"]["composite_alarms"])
    out.push_back({"cloudwatch", a["AlarmName"], tag_of(a.value("Tags", nlohmann::json()))});
  for (const auto& t : estate["dynamodb"]["tables"])
    out.push_back({"dynamodb", t["TableName"], tag_of(t.value("Tags", nlohmann::json()))});
  for (const auto& ep : estate["sagemaker"]["endpoints"])
    out.push_back({"sagemaker", ep["EndpointName"], tag_of(ep.value("Tags", nlohmann::json()))});
  for (const auto& i : estate["ec2"]["instances"])
    out.push_back({"ec2", i["id"], tag_of(i.value("tags", nlohmann::json()))});
  for (const auto& n : estate["sagemaker"]["notebook_instances"])
    out.push_back(
        {"notebook", n["NotebookInstanceName"], tag_of(n.value("Tags", nlohmann::json()))});
  for (const auto& d : estate["rds"]["instances"])
    out.push_back({"rds", d["id"], tag_of(d.value("tags", nlohmann::json()))});
  for (const auto& d : estate["rds"]["clusters"])
    out.push_back({"rds-cluster", d["id"], tag_of(d.value("tags", nlohmann::json()))});
  for (const auto& c : estate["eks"]["clusters"])
    for (const auto& g : c["nodegroups"])
      out.push_back({"nodegroup", c["name"].get<std::string>() + "/" + g["name"].get<std::string>(),
                     tag_of(g.value("tags", nlohmann::json()))});
  return out;
}

struct Combination {
  std::optional<std::string> name_prefix, alarm_prefix, tag_value;
  std::map<std::string, std::set<std::string>> lists;  // selector -> names
  std::set<std::string> only, exclude;
  std::string resource;                     // --resource, "" = none
  std::vector<Resource> recorded;           // hand-edited state entries
  std::set<std::string> recorded_with_tag;  // entries claiming a tag selection
};

const char* kSelectors[] = {"sagemaker", "kinesis",  "lambda", "cloudwatch",  "dynamodb",
                            "ec2",       "notebook", "rds",    "rds-cluster", "nodegroup"};
const std::map<std::string, std::string> kListKey = {
    {"lambda", "LAMBDA_FUNCTIONS"}, {"dynamodb", "DYNAMODB_TABLES"},
    {"kinesis", "KINESIS_STREAMS"}, {"sagemaker", "SAGEMAKER_ENDPOINTS"},
    {"ec2", "EC2_INSTANCES"},       {"notebook", "SAGEMAKER_NOTEBOOKS"},
    {"rds", "RDS_INSTANCES"},       {"rds-cluster", "RDS_CLUSTERS"},
    {"nodegroup", "EKS_NODEGROUPS"}};

bool StartsWith(const std::string& s, const std::string& p) {
  return !p.empty() && s.rfind(p, 0) == 0;
}

// The selection, computed from the estate and the config alone.
std::set<std::string> Expected(const Combination& c, const std::vector<Resource>& universe) {
  std::string prefix = c.name_prefix.value_or("user-journey-analytics-");
  std::set<std::string> out;
  for (const auto& r : universe) {
    if (!c.only.empty() && !c.only.count(r.selector)) continue;
    if (c.exclude.count(r.selector)) continue;
    if (!c.resource.empty() && r.name != c.resource) continue;
    std::string p = r.selector == "cloudwatch" && c.alarm_prefix ? *c.alarm_prefix : prefix;
    bool listed = c.lists.count(r.selector) && c.lists.at(r.selector).count(r.name);
    bool tagged = c.tag_value && r.project == *c.tag_value;
    // A node group is CLUSTER/NAME: the prefix reads its own name.
    const std::string own =
        r.selector == "nodegroup" ? r.name.substr(r.name.rfind('/') + 1) : r.name;
    if (StartsWith(own, p) || listed || tagged) out.insert(r.name);
  }
  return out;
}

Combination Draw(std::mt19937& rng, const std::vector<Resource>& universe) {
  auto coin = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  Combination c;
  if (coin(0.6))
    c.name_prefix = pick({"user-journey-analytics-", "user-journey-analytics-v2-",
                          "billing-service-", "search-", "matches-nothing-"});
  if (coin(0.4))
    c.alarm_prefix = pick({"user-journey-analytics-", "billing-service-", "search-indexer-"});
  if (coin(0.4))
    c.tag_value = pick({"user-journey-analytics", "billing-service", "search-indexer",
                        "user-journey-analytics-v2"});
  for (const auto& r : universe)
    if (kListKey.count(r.selector) && coin(0.15)) c.lists[r.selector].insert(r.name);
  for (const char* s : kSelectors) {
    if (coin(0.2)) c.only.insert(s);
    if (coin(0.15)) c.exclude.insert(s);
  }
  if (coin(0.3)) c.resource = universe[rng() % universe.size()].name;
  if (coin(0.6)) {
    for (const auto& r : universe) {
      if (r.selector == "sagemaker" || r.selector == "dynamodb" || !coin(0.3)) continue;
      c.recorded.push_back(r);
      if (coin(0.5)) c.recorded_with_tag.insert(r.name);
    }
  }
  return c;
}

std::string ConfigText(const Combination& c) {
  std::string out =
      "PROJECT_NAME=\"user-journey-analytics\"\nENVIRONMENT=\"demo\"\nAWS_"
      "REGION=\"us-east-1\"\n";
  if (c.name_prefix) out += "NAME_PREFIX=\"" + *c.name_prefix + "\"\n";
  if (c.alarm_prefix) out += "CLOUDWATCH_ALARM_PREFIX=\"" + *c.alarm_prefix + "\"\n";
  if (c.tag_value) out += "TAG_KEY=\"Project\"\nTAG_VALUE=\"" + *c.tag_value + "\"\n";
  for (const auto& [sel, names] : c.lists) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : " ") + n;
    out += kListKey.at(sel) + "=\"" + list + "\"\n";
  }
  return out;
}

// A state file as someone may have edited it: entries naming any resource,
// each "stopped" with an original unlike the resource's configuration now.
nlohmann::json StateFile(const Combination& c) {
  nlohmann::json resources = nlohmann::json::array();
  const std::map<std::string, std::pair<std::string, nlohmann::json>> kShape = {
      {"lambda", {"lambda-function", {{"reserved_concurrency", 7}}}},
      {"kinesis", {"kinesis-stream", {{"shard_count", 5}, {"mode", "PROVISIONED"}}}},
      {"cloudwatch", {"cloudwatch-alarm", {{"actions_enabled", true}}}},
      {"ec2", {"ec2-instance", {{"state", "running"}, {"instance_type", "t3.micro"}}}},
      {"notebook",
       {"sagemaker-notebook", {{"status", "InService"}, {"instance_type", "ml.t3.medium"}}}},
      {"rds", {"rds-instance", {{"status", "available"}, {"instance_class", "db.t3.micro"}}}},
      {"rds-cluster", {"rds-cluster", {{"status", "available"}}}},
      {"nodegroup", {"eks-nodegroup", {{"min_size", 1}, {"desired_size", 1}, {"max_size", 2}}}}};
  for (const auto& r : c.recorded) {
    const auto& [type, original] = kShape.at(r.selector);
    nlohmann::json e = {{"type", type},
                        {"name", r.name},
                        {"status", "stopped"},
                        {"original", original},
                        {"updated_at", "2026-01-01T00:00:00Z"}};
    if (c.recorded_with_tag.count(r.name))
      e["selected_by"] = {
          {"by", "tag"}, {"tag_key", "Project"}, {"tag_value", c.tag_value.value_or("x")}};
    resources.push_back(e);
  }
  return {{"schema_version", 1},    {"project", "user-journey-analytics"},
          {"environment", "demo"},  {"account_id", "000000000000"},
          {"region", "us-east-1"},  {"saved_at", "2026-01-01T00:00:00Z"},
          {"tool_version", "test"}, {"resources", resources}};
}

// Whether `text` holds `name` as a whole name (not inside a longer one).
bool Names(const std::string& text, const std::string& name) {
  auto part = [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
  };
  for (size_t pos = text.find(name); pos != std::string::npos; pos = text.find(name, pos + 1)) {
    bool before = pos > 0 && part(text[pos - 1]);
    bool after = pos + name.size() < text.size() && part(text[pos + name.size()]);
    if (!before && !after) return true;
  }
  return false;
}

// How a request names the resource: an EKS node group "CLUSTER/NODEGROUP"
// is ".../clusters/CLUSTER/node-groups/NODEGROUP/..." in its URI.
std::string WireName(const Resource& r) {
  if (r.selector != "nodegroup") return r.name;
  size_t slash = r.name.find('/');
  return r.name.substr(0, slash) + "/node-groups/" + r.name.substr(slash + 1);
}

class SelectionBoundaryTest : public ManagerFixture, public ::testing::WithParamInterface<int> {
 protected:
  sandbox::ServerOptions Options() override {
    sandbox::ServerOptions o = DefaultOptions();
    o.estate = BoundaryEstate();
    return o;
  }

  // The resources outside `expected` that the sandbox's mutating calls named.
  std::vector<std::string> Crossings(const std::set<std::string>& expected,
                                     const std::vector<Resource>& universe) {
    std::vector<std::string> out;
    const nlohmann::json state = State();  // State()[...] in the for would dangle
    for (const auto& call : state.at("calls").at("mutating_log")) {
      std::string request = call.value("request", "");
      for (const auto& r : universe)
        if (!expected.count(r.name) && Names(request, WireName(r)))
          out.push_back(r.name + " by " + request.substr(0, 200));
    }
    return out;
  }
};

TEST_P(SelectionBoundaryTest, MutatingCallsTouchOnlyTheSelection) {
  const std::vector<Resource> universe = Universe(BoundaryEstate());
  // Every shard draws the same kCombinations and runs its own part of them.
  std::mt19937 rng(20261301);
  std::vector<Combination> drawn;
  for (int i = 0; i < kCombinations; ++i) drawn.push_back(Draw(rng, universe));
  const int per_shard = kCombinations / kShards;
  int mutating_total = 0, neighbours_selected = 0, refused = 0;
  for (int i = GetParam() * per_shard; i < (GetParam() + 1) * per_shard; ++i) {
    server_->Reset();
    std::remove(state_path().c_str());
    const Combination& c = drawn[i];
    std::string conf = dir_ + "/c.conf";
    std::ofstream(conf) << ConfigText(c);
    set_config(conf);
    if (!c.recorded.empty()) std::ofstream(state_path()) << StateFile(c).dump(2);
    std::vector<std::string> flags;
    for (const auto& s : c.only) flags.insert(flags.end(), {"--only", s});
    for (const auto& s : c.exclude) flags.insert(flags.end(), {"--exclude", s});
    if (!c.resource.empty()) flags.insert(flags.end(), {"--resource", c.resource});
    std::set<std::string> expected = Expected(c, universe);
    for (const auto& n : expected)
      neighbours_selected += n.rfind("user-journey-analytics-v2-", 0) == 0;
    std::string context = "combination " + std::to_string(i) + "\n" + ConfigText(c) +
                          "state: " + StateFile(c)["resources"].dump() + "\nflags:";
    for (const auto& f : flags) context += " " + f;

    for (const char* command : {"stop", "start"}) {
      std::vector<std::string> args = flags;
      args.insert(args.end(), {command, "--force"});
      auto r = Manager(args);
      ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 2)
          << context << "\n"
          << command << " exit " << r.exit_code << "\n"
          << r.out << r.err;
      // No type left, or --resource naming nothing inside: refused (start
      // without a state file has its own exit code).
      bool empty_types =
          std::none_of(std::begin(kSelectors), std::end(kSelectors), [&](const char* s) {
            return (c.only.empty() || c.only.count(s)) && !c.exclude.count(s);
          });
      bool resource_outside = !c.resource.empty() && expected.empty();
      if ((empty_types || resource_outside) && std::string(command) == "stop") {
        EXPECT_EQ(r.exit_code, 2) << context << "\n" << r.out << r.err;
        refused++;
      }
      std::vector<std::string> crossed = Crossings(expected, universe);
      EXPECT_TRUE(crossed.empty()) << context << "\n"
                                   << command << " touched outside the selection:\n"
                                   << ::testing::PrintToString(crossed) << "\n"
                                   << r.out << r.err;
    }
    mutating_total += State()["calls"].value("mutating", 0);
  }
  // The property is not vacuous: runs changed things, neighbours were in
  // some selections and some runs were refused.
  EXPECT_GT(mutating_total, per_shard);
  EXPECT_GT(neighbours_selected, 0);
  EXPECT_GT(refused, 0);
  std::printf("combinations %d to %d of %d, %d mutating calls checked\n", GetParam() * per_shard,
              (GetParam() + 1) * per_shard - 1, kCombinations, mutating_total);
}

INSTANTIATE_TEST_SUITE_P(Shards, SelectionBoundaryTest, ::testing::Range(0, kShards));

}  // namespace
}  // namespace arm::testing
