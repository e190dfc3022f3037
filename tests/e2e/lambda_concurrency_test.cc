// start checks the account's unreserved Lambda concurrency before restoring:
// a reservation the account can no longer grant is reported for that
// function, the others are restored, and a later start finishes the job.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/e2e/manager_fixture.h"
#include "tests/testing/sandbox_http.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;

class LambdaConcurrencyTest : public ManagerFixture {
 protected:
  // Managed: event_processor (no reservation), intervention-executor (500),
  // user-journey-analytics-scorer (300); other projects' invoicer and v2
  // scorer keep 10 and 5. Account limit 1000, AWS's minimum of 100 unreserved.
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    json& lambda = o.estate["lambda"];
    lambda["account_concurrency_limit"] = 1000;
    for (auto& f : lambda["functions"])
      if (f["FunctionName"] == "intervention-executor") f["ReservedConcurrentExecutions"] = 500;
    json scorer = lambda["functions"][0];
    scorer["FunctionName"] = "user-journey-analytics-scorer";
    scorer["ReservedConcurrentExecutions"] = 300;
    lambda["functions"].push_back(scorer);
    return o;
  }
  // config/demo.conf lists its functions (its name prefix is off): the
  // scorer joins the list.
  void SetUp() override {
    ManagerFixture::SetUp();
    std::ifstream in(SourceDir() + "/config/demo.conf");
    std::stringstream conf;
    for (std::string line; std::getline(in, line);)
      conf << (line.rfind("LAMBDA_FUNCTIONS=", 0) == 0
                   ? "LAMBDA_FUNCTIONS=\"event_processor intervention-executor "
                     "user-journey-analytics-scorer\""
                   : line)
           << "\n";
    std::ofstream(dir_ + "/scorer.conf") << conf.str();
    set_config(dir_ + "/scorer.conf");
  }
  // Another client's reservation on a function this project does not manage.
  void Reserve(const std::string& function, std::optional<int> n) {
    HttpRequest req;
    req.method = n ? "PUT" : "DELETE";
    req.path = "/2017-10-31/functions/" + function + "/concurrency";
    if (n) {
      req.SetHeader("Content-Type", "application/json");
      req.body = json{{"ReservedConcurrentExecutions", *n}}.dump();
    }
    RawResponse r = SendSigned(port(), std::move(req), "lambda");
    ASSERT_TRUE(r.answered);
    ASSERT_LT(r.status, 300) << r.body;
  }
  json Reserved(const std::string& function) {
    return State()
        .at("services")
        .at("lambda")
        .at("functions")
        .at(function)
        .at("reserved_concurrency");
  }
  int Calls(const std::string& action) {
    return State().at("calls").value("by_action", json::object()).value(action, 0);
  }
};

TEST_F(LambdaConcurrencyTest, RestoreThatNoLongerFitsIsReportedAndRetriedByTheNextStart) {
  json before = Estate();
  auto stop = Manager({"--only", "lambda", "stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_EQ(Calls("lambda:GetAccountSettings"), 0);  // stop never asks
  // Meanwhile the other project reserves 400: 1000 - 10 - 5 (the v2 scorer)
  // - 400 = 585 unreserved.
  Reserve("billing-service-reporter", 400);

  const std::string refusal =
      "lambda-function intervention-executor: cannot restore reserved "
      "concurrency 500: the account has 585 "
      "unreserved, 100 must stay unreserved; lower other reservations or raise "
      "the account limit, then run start "
      "again";
  auto mutating = MutatingCalls();
  auto dry = Manager({"--only", "lambda", "start", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 1) << dry.out << dry.err;
  EXPECT_NE(dry.out.find(refusal), std::string::npos) << dry.out << dry.err;
  EXPECT_EQ(dry.out.find("PutFunctionConcurrency intervention-executor"), std::string::npos)
      << dry.out;
  EXPECT_EQ(MutatingCalls(), mutating);
  EXPECT_EQ(Calls("lambda:GetAccountSettings"), 1);

  auto start = Manager({"--only", "lambda", "start", "--force"});
  EXPECT_EQ(start.exit_code, 1) << start.out << start.err;
  EXPECT_NE(start.out.find(refusal), std::string::npos) << start.out << start.err;
  EXPECT_EQ(Calls("lambda:GetAccountSettings"), 2);
  EXPECT_EQ(Reserved("intervention-executor"), 0);  // still parked, never attempted
  EXPECT_EQ(Reserved("user-journey-analytics-scorer"), 300);
  EXPECT_TRUE(Reserved("event_processor").is_null());
  EXPECT_EQ(MutatingCalls()["lambda:PutFunctionConcurrency"],
            mutating["lambda:PutFunctionConcurrency"] + 1);
  std::ifstream in(state_path());
  std::stringstream text;
  text << in.rdbuf();
  json state = json::parse(text.str());
  bool kept = false;
  for (const auto& r : state.at("resources"))
    if (r.at("name") == "intervention-executor")
      kept = r.at("original").at("reserved_concurrency") == 500;
  EXPECT_TRUE(kept) << state.dump(2);

  // The other project frees its 400: the next start restores the 500.
  Reserve("billing-service-reporter", std::nullopt);
  auto again = Manager({"--only", "lambda", "start", "--force"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(Reserved("intervention-executor"), 500);
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
}

}  // namespace
}  // namespace arm::testing
