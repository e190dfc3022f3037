// The promise of resources/registry.h: a type is its own file and its
// registry row. "widget" below exists only in this test: its own TypeInfo,
// configuration keys, ARN form, tagging type, price name, status text, tip
// and fix hint. It goes through the real App, Manager, cost model and the
// status, stop, start, snapshot and plan commands, none of which knows it.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <sstream>

#include "cli/commands.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_terminal.h"
#include "tests/testing/fake_transport.h"
#include "tests/testing/mem_file_system.h"

namespace arm {
namespace {

// The widgets' world: name -> size; size 0 is parked.
struct WidgetWorld {
  std::mutex mu;
  std::map<std::string, int> sizes;
  std::vector<std::string> resized;  // "name->size", in call order
};
WidgetWorld* g_world = nullptr;  // the registry row's factory is stateless

const TypeInfo kWidgetInfo = {
    .id = "widget",
    .selector = "widgets",
    .names_key = "WIDGET_NAMES",
    .prefix_key = {},
    .flag_keys = {"WIDGET_GENTLE"},
    .price_keys = {"widget-hour"},
    .arn = {"widgets", "widget/", ""},
    .tagging_type = "widgets:widget",
    .stop_stage = 1,
    .parked = "widgets at size 0",
};

class WidgetType final : public ResourceType {
 public:
  explicit WidgetType(bool gentle) : gentle_(gentle) {}
  const TypeInfo& info() const override { return kWidgetInfo; }
  std::vector<Permission> Permissions() const override {
    return {
        {"widgets:ListWidgets", "discover"},
        {"widgets:Resize", "stop", {"arn:{partition}:widgets:{region}:{account}:widget/{name}"}}};
  }
  Result<std::vector<Snapshot>> Discover(const TypeSelection& selection) override {
    std::set<std::string> wanted = selection.saved_names;
    {
      std::lock_guard<std::mutex> lock(g_world->mu);
      for (const auto& [name, size] : g_world->sizes)
        if (selection.Selects(name)) wanted.insert(name);
    }
    return DescribeEach(wanted, selection, [](const std::string& name) -> Result<Snapshot> {
      std::lock_guard<std::mutex> lock(g_world->mu);
      Snapshot s;
      s.type = "widget";
      s.name = name;
      auto it = g_world->sizes.find(name);
      s.exists = it != g_world->sizes.end();
      if (s.exists) s.config = {{"size", it->second}};
      return s;
    });
  }
  Condition Classify(const Snapshot& cur, const nlohmann::json* original) const override {
    if (!cur.exists) return Condition::kMissing;
    int size = cur.config.at("size").get<int>();
    if (size == 0)
      return original != nullptr && !original->is_null() ? Condition::kStopped
                                                         : Condition::kRunning;
    return Condition::kRunning;
  }
  PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      int size = t.current->exists ? t.current->config.at("size").get<int>() : 0;
      if (size > 0) out.actions.push_back(Resize(t.current->name, size, 0));
    }
    return out;
  }
  PlanOutput PlanStart(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      if (!t.current->exists) {
        out.notes.push_back({"widget", t.current->name, Severity::kError, "is gone"});
        continue;
      }
      int have = t.current->config.at("size").get<int>(), want = t.original.at("size").get<int>();
      if (have != want) out.actions.push_back(Resize(t.current->name, have, want));
    }
    return out;
  }
  Status Apply(const Action& action, const ApplyOptions&) override {
    std::lock_guard<std::mutex> lock(g_world->mu);
    const std::string& name = action.names.at(0);
    if (name.find("jammed") != std::string::npos)
      return Status::Aws("WidgetJammed", "the widget is jammed", 400, "req-1", false);
    int to = action.params.at("to").get<int>();
    g_world->sizes[name] = to;
    g_world->resized.push_back(name + "->" + std::to_string(to));
    return Status::Ok();
  }
  std::string Verify(const Snapshot& cur, const nlohmann::json& original) const override {
    if (!cur.exists) return "is gone";
    return cur.config.at("size") == original.at("size") ? "" : "size differs";
  }
  Cost CostOf(const Snapshot& s, const PriceTable& prices,
              const std::string& region) const override {
    int size = s.exists ? s.config.value("size", 0) : 0;
    if (size == 0) return Cost::Zero("no widget");
    return PricedCost(prices, region, "widget-hour", "widget unit", size, "widget-hour");
  }
  Snapshot Parked(const Snapshot& running) const override {
    Snapshot p = running;
    if (p.exists) p.config["size"] = 0;
    return p;
  }
  std::string StatusText(const Snapshot& s, const nlohmann::json& original) const override {
    std::string out = "size " + std::to_string(s.config.value("size", 0));
    if (!original.is_null()) out += " (was " + original.at("size").dump() + ")";
    return out + (gentle_ ? ", gently" : "");
  }
  Tip StatusTip(const Snapshot&, Condition state) const override {
    if (state != Condition::kRunning) return {};
    return {"widgets rust when left running", true};
  }
  std::string FixHint(std::string_view code, std::string_view) const override {
    return code == "WidgetJammed" ? "tap the widget, then run again" : "";
  }

 private:
  static Action Resize(const std::string& name, int from, int to) {
    return ResourceAction(
        "widget", name, "widgets:Resize",
        "Resize " + name + " " + std::to_string(from) + " -> " + std::to_string(to), {{"to", to}});
  }
  const bool gentle_;
};

const std::vector<TypeEntry>& WidgetRegistry() {
  static const std::vector<TypeEntry> kRegistry = {
      {&kWidgetInfo, [](const TypeContext& c) -> std::unique_ptr<ResourceType> {
         return std::make_unique<WidgetType>(c.config.TypeValue("WIDGET_GENTLE").flag);
       }}};
  return kRegistry;
}

class NewTypeNoProcess final : public ProcessRunner {
 public:
  Result<ProcessResult> Run(const std::vector<std::string>&, std::chrono::milliseconds,
                            size_t) override {
    return Status::IoError("no process in this test");
  }
};

constexpr char kCallerIdentity[] =
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
    "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn>"
    "<UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
    "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
    "</GetCallerIdentityResponse>";

class NewTypeTest : public ::testing::Test {
 protected:
  NewTypeTest() {
    g_world = &world_;
    world_.sizes = {{"shop-big", 4}, {"listed", 2}, {"tagged-one", 3}, {"other", 5}};
    fs_.SetFile("/p/app.conf",
                "PROJECT_NAME=\"shop\"\nWIDGET_NAMES=\"listed\"\nWIDGET_GENTLE=true\n"
                "TAG_KEY=\"Team\"\nTAG_VALUE=\"shop\"\nSTATE_FILE=\"/p/state/state.json\"\n"
                "LOG_DIR=\"/p/logs\"\n");
    fs_.SetFile("/p/prices.json", R"({"schema_version": 1, "regions": {"us-east-1": {
        "widget-hour": {"usd": 0.5, "unit": "widget-hour", "source": "test", "date": "d"}}}})");
    for (auto [k, v] :
         std::map<std::string, std::string>{{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                                            {"AWS_SECRET_ACCESS_KEY", "secret"},
                                            {"AWS_REGION", "us-east-1"},
                                            {"AWS_CONFIG_FILE", "/aws/config"},
                                            {"AWS_SHARED_CREDENTIALS_FILE", "/aws/credentials"},
                                            {"AWS_EC2_METADATA_DISABLED", "true"},
                                            {"PRICES_FILE", "/p/prices.json"}})
      env_.Set(k, v);
    options_.config_file = "/p/app.conf";
    options_.endpoint_url = "http://127.0.0.1:1";
    options_.yes = true;
    transport_.SetHandler([this](const HttpRequest& r) -> Result<HttpResponse> {
      HttpResponse out;
      out.status = 200;
      const std::string* target = r.Header("X-Amz-Target");
      if (target != nullptr && target->find("GetResources") != std::string::npos) {
        // The tagging API: the project's widgets by ARN, one of them
        // selected by TAG_KEY/TAG_VALUE only.
        nlohmann::json list = nlohmann::json::array();
        list.push_back({{"ResourceARN", "arn:aws:widgets:us-east-1:123456789012:widget/tagged-one"},
                        {"Tags", {{{"Key", "Team"}, {"Value", "shop"}}}}});
        out.headers = {{"Content-Type", "application/x-amz-json-1.1"}};
        out.body = nlohmann::json{{"ResourceTagMappingList", list}}.dump();
        return out;
      }
      if (r.body.find("Action=GetCallerIdentity") != std::string::npos) {
        out.headers = {{"Content-Type", "text/xml"}};
        out.body = kCallerIdentity;
        return out;
      }
      return Status::Internal("unexpected request to " + r.Url());
    });
  }
  ~NewTypeTest() override { g_world = nullptr; }

  struct Run {
    ExitCode code;
    std::string out, err;
  };
  template <typename F>
  Run RunCommand(F command, bool offline = false) {
    Seams seams{env_, fs_, clock_, transport_, process_, terminal_};
    std::vector<std::string> warnings;
    auto app = offline ? App::CreateOffline(seams, options_, &warnings, WidgetRegistry())
                       : App::Create(seams, options_, &warnings, WidgetRegistry());
    EXPECT_TRUE(app.ok()) << app.status().ToString();
    if (!app.ok()) return {ExitCode::kUsage, "", app.status().ToString()};
    std::ostringstream out, err;
    CommandContext ctx{**app, out, err, {}, {}, nullptr};
    ExitCode code = command(ctx);
    return {code, out.str(), err.str()};
  }

  WidgetWorld world_;
  MapEnvironment env_;
  testing::MemFileSystem fs_;
  testing::FakeClock clock_;
  testing::FakeTransport transport_;
  NewTypeNoProcess process_;
  testing::NoTerminal terminal_;
  GlobalOptions options_;
};

TEST_F(NewTypeTest, ItsKeysSelectorArnAndTaggingTypeReachTheEngine) {
  Run status = RunCommand([](CommandContext& c) { return RunStatus(c); });
  EXPECT_EQ(status.code, ExitCode::kOk) << status.err;
  // Prefix "shop-", the WIDGET_NAMES list, and the tag read from its ARN;
  // "other" is outside the selection.
  EXPECT_NE(status.out.find("shop-big"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("listed"), std::string::npos);
  EXPECT_NE(status.out.find("tagged-one"), std::string::npos);
  EXPECT_NE(status.out.find("tag Team=shop"), std::string::npos) << status.out;
  EXPECT_EQ(status.out.find("other"), std::string::npos) << status.out;
  // Its status text (with its WIDGET_GENTLE option), its price and its tip.
  EXPECT_NE(status.out.find("size 4, gently"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("$48.00"), std::string::npos) << status.out;  // 4 x 0.5 x 24
  EXPECT_NE(status.out.find("Tip: widgets rust when left running"), std::string::npos);
}

TEST_F(NewTypeTest, StopAndStartRestoreItExactly) {
  Run stop = RunCommand([](CommandContext& c) { return RunStop(c, StopOptions{true}); });
  EXPECT_EQ(stop.code, ExitCode::kOk) << stop.out << stop.err;
  EXPECT_EQ(world_.sizes, (std::map<std::string, int>{
                              {"shop-big", 0}, {"listed", 0}, {"tagged-one", 0}, {"other", 5}}));
  Run status = RunCommand([](CommandContext& c) { return RunStatus(c); });
  EXPECT_NE(status.out.find("size 0 (was 4), gently"), std::string::npos) << status.out;

  Run start = RunCommand([](CommandContext& c) { return RunStart(c, StartOptions{true}); });
  EXPECT_EQ(start.code, ExitCode::kOk) << start.out << start.err;
  EXPECT_EQ(world_.sizes, (std::map<std::string, int>{
                              {"shop-big", 4}, {"listed", 2}, {"tagged-one", 3}, {"other", 5}}));
  EXPECT_EQ(world_.resized.size(), 6u);
}

TEST_F(NewTypeTest, ItsFixHintFollowsItsFailure) {
  world_.sizes["shop-jammed"] = 1;
  Run stop = RunCommand([](CommandContext& c) { return RunStop(c, StopOptions{true}); });
  EXPECT_EQ(stop.code, ExitCode::kPartialFailure);
  EXPECT_NE(stop.out.find("fix: tap the widget, then run again"), std::string::npos) << stop.out;
  EXPECT_EQ(world_.sizes["shop-big"], 0);  // the others were parked
}

TEST_F(NewTypeTest, ThePlanFromASnapshotIsTheDryRunsPlan) {
  Run snapshot =
      RunCommand([](CommandContext& c) { return RunSnapshot(c, SnapshotOptions{"/p/snap.json"}); });
  ASSERT_EQ(snapshot.code, ExitCode::kOk) << snapshot.err;
  options_.dry_run = true;
  Run dry = RunCommand([](CommandContext& c) { return RunStop(c, StopOptions{true}); });
  options_.dry_run.reset();
  Run plan = RunCommand(
      [](CommandContext& c) {
        return RunPlan(c, PlanOptions{"stop", "/p/snap.json", "", ""});
      },
      /*offline=*/true);
  EXPECT_EQ(plan.code, ExitCode::kOk) << plan.err;
  EXPECT_NE(plan.out.find("Resize shop-big 4 -> 0"), std::string::npos) << plan.out;
  EXPECT_EQ(plan.out, dry.out);
  EXPECT_TRUE(world_.resized.empty());
}

TEST_F(NewTypeTest, OnlyAcceptsItsSelectorAndTheHelpListsIt) {
  options_.only = {"kinesis"};
  Seams seams{env_, fs_, clock_, transport_, process_, terminal_};
  std::vector<std::string> warnings;
  auto app = App::Create(seams, options_, &warnings, WidgetRegistry());
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().message(),
            "--only: unknown resource type \"kinesis\"; use one of widgets");
  EXPECT_EQ(ResourceSelectors(WidgetRegistry()), std::vector<std::string>{"widgets"});
}

}  // namespace
}  // namespace arm
