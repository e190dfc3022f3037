#include "sandbox/lambda_handler.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "sandbox/json_handler_testing.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/testing.h"

namespace sandbox {
namespace {

nlohmann::json LambdaHandlerDemoEstate() { return testing::DemoEstate(); }

class LambdaHandlerTest : public ::testing::Test {
 protected:
  LambdaHandlerTest() { handler_.Load(LambdaHandlerDemoEstate()); }

  Response Call(const std::string& method, const std::string& path, const std::string& query = "",
                const std::string& body = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.query = query;
    r.body = body;
    r.service = "lambda";
    r.region = "us-east-1";
    return handler_.Handle(r);
  }

  static nlohmann::json Json(const Response& r) { return nlohmann::json::parse(r.body); }
  static std::string ErrorType(const Response& r) {
    const std::string* t = arm::FindHeader(r.headers, "X-Amzn-ErrorType");
    return t ? *t : "";
  }

  arm::testing::FakeClock clock_;
  Context context_{&clock_};
  LambdaHandler handler_{context_};
};

TEST_F(LambdaHandlerTest, ListFunctionsReturnsAllByName) {
  Response r = Call("GET", "/2015-03-31/functions/");
  ASSERT_EQ(r.status, 200);
  nlohmann::json j = Json(r);
  ASSERT_EQ(j["Functions"].size(), 4u);
  EXPECT_EQ(j["Functions"][0]["FunctionName"], "billing-service-invoicer");
  EXPECT_EQ(j["Functions"][2]["FunctionArn"],
            "arn:aws:lambda:us-east-1:000000000000:function:event_processor");
  EXPECT_EQ(j["Functions"][2]["MemorySize"], 256);
  EXPECT_FALSE(j.contains("NextMarker"));
}

TEST_F(LambdaHandlerTest, ListFunctionsPagesWithMarker) {
  std::vector<std::string> names;
  std::string marker;
  int pages = 0;
  do {
    std::string query = "MaxItems=3" + (marker.empty() ? "" : "&Marker=" + arm::UriEncode(marker));
    nlohmann::json j = Json(Call("GET", "/2015-03-31/functions", query));
    for (const auto& f : j["Functions"]) names.push_back(f["FunctionName"]);
    marker = j.value("NextMarker", "");
    ++pages;
  } while (!marker.empty());
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(names, (std::vector<std::string>{"billing-service-invoicer", "billing-service-reporter",
                                             "event_processor", "intervention-executor"}));
}

TEST_F(LambdaHandlerTest, ListFunctionsRejectsMaxItemsOutOfRange) {
  Response r = Call("GET", "/2015-03-31/functions/", "MaxItems=0");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorType(r), "ValidationException");
}

TEST_F(LambdaHandlerTest, GetFunctionShowsConcurrencyOnlyWhenSet) {
  nlohmann::json set = Json(Call("GET", "/2015-03-31/functions/intervention-executor"));
  EXPECT_EQ(set["Concurrency"]["ReservedConcurrentExecutions"], 5);
  EXPECT_EQ(set["Configuration"]["State"], "Active");
  EXPECT_EQ(set["Tags"]["Project"], "user-journey-analytics");
  EXPECT_EQ(set["Code"]["RepositoryType"], "S3");
  nlohmann::json unset = Json(Call("GET", "/2015-03-31/functions/event_processor"));
  EXPECT_FALSE(unset.contains("Concurrency"));
}

TEST_F(LambdaHandlerTest, GetFunctionAcceptsFullAndPartialArns) {
  EXPECT_EQ(Call("GET",
                 "/2015-03-31/functions/"
                 "arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Aevent_processor")
                .status,
            200);
  EXPECT_EQ(Call("GET", "/2015-03-31/functions/000000000000%3Afunction%3Aevent_processor").status,
            200);
  EXPECT_EQ(Call("GET",
                 "/2015-03-31/functions/"
                 "arn%3Aaws%3Alambda%3Aeu-west-1%3A000000000000%3Afunction%3Aevent_processor")
                .status,
            404);
}

TEST_F(LambdaHandlerTest, MissingFunctionIsResourceNotFound) {
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/2015-03-31/functions/nope"},
           {"GET", "/2019-09-30/functions/nope/concurrency"},
           {"DELETE", "/2017-10-31/functions/nope/concurrency"},
           {"GET",
            "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Anope"}}) {
    SCOPED_TRACE(method + " " + path);
    Response r = Call(method, path);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(ErrorType(r), "ResourceNotFoundException");
    EXPECT_EQ(Json(r)["Message"],
              "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
    EXPECT_EQ(Json(r)["Type"], "User");
  }
}

TEST_F(LambdaHandlerTest, GetFunctionConcurrencyIsEmptyWhenUnset) {
  EXPECT_EQ(Json(Call("GET", "/2019-09-30/functions/event_processor/concurrency")),
            nlohmann::json::object());
  EXPECT_EQ(Json(Call("GET", "/2019-09-30/functions/intervention-executor/concurrency"))
                ["ReservedConcurrentExecutions"],
            5);
}

TEST_F(LambdaHandlerTest, PutAndDeleteFunctionConcurrency) {
  Response put = Call("PUT", "/2017-10-31/functions/event_processor/concurrency", "",
                      R"({"ReservedConcurrentExecutions": 0})");
  ASSERT_EQ(put.status, 200);
  EXPECT_EQ(Json(put)["ReservedConcurrentExecutions"], 0);
  EXPECT_EQ(handler_.Dump()["functions"]["event_processor"]["reserved_concurrency"], 0);

  Response del = Call("DELETE", "/2017-10-31/functions/event_processor/concurrency");
  EXPECT_EQ(del.status, 204);
  EXPECT_TRUE(del.body.empty());
  EXPECT_TRUE(handler_.Dump()["functions"]["event_processor"]["reserved_concurrency"].is_null());
  // Deleting an unset reservation succeeds as well.
  EXPECT_EQ(Call("DELETE", "/2017-10-31/functions/event_processor/concurrency").status, 204);
}

TEST_F(LambdaHandlerTest, PutFunctionConcurrencyKeepsUnreservedMinimum) {
  // Demo: limit 1000, reserved 5 + 10, so 885 is the most event_processor may take.
  Response ok = Call("PUT", "/2017-10-31/functions/event_processor/concurrency", "",
                     R"({"ReservedConcurrentExecutions": 885})");
  EXPECT_EQ(ok.status, 200);
  Response too_much = Call("PUT", "/2017-10-31/functions/intervention-executor/concurrency", "",
                           R"({"ReservedConcurrentExecutions": 6})");
  EXPECT_EQ(too_much.status, 400);
  EXPECT_EQ(ErrorType(too_much), "InvalidParameterValueException");
  EXPECT_EQ(Json(too_much)["message"],
            "Specified ReservedConcurrentExecutions for function decreases account's "
            "UnreservedConcurrentExecution "
            "below its minimum value of [100].");
  // Lowering its own reservation is always possible.
  EXPECT_EQ(Call("PUT", "/2017-10-31/functions/intervention-executor/concurrency", "",
                 R"({"ReservedConcurrentExecutions": 4})")
                .status,
            200);
}

TEST_F(LambdaHandlerTest, PutFunctionConcurrencyValidatesBody) {
  EXPECT_EQ(ErrorType(Call("PUT", "/2017-10-31/functions/event_processor/concurrency", "", "{")),
            "InvalidRequestContentException");
  EXPECT_EQ(ErrorType(Call("PUT", "/2017-10-31/functions/event_processor/concurrency", "", "{}")),
            "ValidationException");
  EXPECT_EQ(ErrorType(Call("PUT", "/2017-10-31/functions/event_processor/concurrency", "",
                           R"({"ReservedConcurrentExecutions": -1})")),
            "ValidationException");
}

TEST_F(LambdaHandlerTest, GetAccountSettingsReportsUnreserved) {
  nlohmann::json j = Json(Call("GET", "/2016-08-19/account-settings/"));
  EXPECT_EQ(j["AccountLimit"]["ConcurrentExecutions"], 1000);
  EXPECT_EQ(j["AccountLimit"]["UnreservedConcurrentExecutions"], 985);
  EXPECT_EQ(j["AccountUsage"]["FunctionCount"], 4);
  EXPECT_EQ(Call("GET", "/2016-08-19/account-settings").status, 200);
}

TEST_F(LambdaHandlerTest, UnreservedFollowsEveryChangeOfAReservation) {
  auto unreserved = [&] {
    return Json(Call(
        "GET", "/2016-08-19/account-settings/"))["AccountLimit"]["UnreservedConcurrentExecutions"];
  };
  ASSERT_EQ(unreserved(), 985);  // demo: 5 + 10 reserved
  ASSERT_EQ(Call("PUT", "/2017-10-31/functions/event_processor/concurrency", "",
                 R"({"ReservedConcurrentExecutions": 7})")
                .status,
            200);
  EXPECT_EQ(unreserved(), 978);
  ASSERT_EQ(Call("PUT", "/2017-10-31/functions/intervention-executor/concurrency", "",
                 R"({"ReservedConcurrentExecutions": 2})")
                .status,
            200);
  EXPECT_EQ(unreserved(), 981);  // 5 replaced by 2
  ASSERT_EQ(Call("DELETE", "/2017-10-31/functions/event_processor/concurrency").status, 204);
  EXPECT_EQ(unreserved(), 988);
  ASSERT_EQ(Call("DELETE", "/2015-03-31/functions/intervention-executor").status, 204);
  EXPECT_EQ(unreserved(), 990);  // its 2 went with it
  handler_.Load(LambdaHandlerDemoEstate());
  EXPECT_EQ(unreserved(), 985);
}

TEST_F(LambdaHandlerTest, ListTagsByArn) {
  nlohmann::json j =
      Json(Call("GET",
                "/2017-03-31/tags/"
                "arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Aevent_processor"));
  EXPECT_EQ(j["Tags"],
            (nlohmann::json{{"Owner", "analytics"}, {"Project", "user-journey-analytics"}}));
}

TEST_F(LambdaHandlerTest, UnknownPathIsWellFormedError) {
  Response r = Call("POST", "/2015-03-31/functions/event_processor/invocations");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(ErrorType(r), "UnknownOperationException");
  EXPECT_TRUE(nlohmann::json::parse(r.body).contains("message"));
  Request req;
  req.method = "POST";
  req.path = "/2015-03-31/functions/x/invocations";
  EXPECT_EQ(handler_.IamAction(req), "");
}

TEST_F(LambdaHandlerTest, IamActionNamesEachOperation) {
  Request req;
  req.method = "PUT";
  req.path = "/2017-10-31/functions/event_processor/concurrency";
  EXPECT_EQ(handler_.IamAction(req), "lambda:PutFunctionConcurrency");
  req.method = "GET";
  req.path = "/2015-03-31/functions";
  EXPECT_EQ(handler_.IamAction(req), "lambda:ListFunctions");
  req.path = "/2016-08-19/account-settings/";
  EXPECT_EQ(handler_.IamAction(req), "lambda:GetAccountSettings");
  req.path = "/2017-03-31/tags/arn%3Ax";
  EXPECT_EQ(handler_.IamAction(req), "lambda:ListTags");
}

TEST_F(LambdaHandlerTest, ThrottledAndAccessDeniedAreLambdaErrors) {
  Request req;
  Response t = handler_.Throttled(req);
  EXPECT_EQ(t.status, 429);
  EXPECT_EQ(ErrorType(t), "TooManyRequestsException");
  Response d = handler_.AccessDenied(req, "no");
  EXPECT_EQ(d.status, 403);
  EXPECT_EQ(ErrorType(d), "AccessDeniedException");
}

TEST_F(LambdaHandlerTest, CollectTaggedListsEveryFunction) {
  std::vector<TaggedResource> tagged;
  handler_.CollectTagged(tagged);
  ASSERT_EQ(tagged.size(), 4u);
  EXPECT_EQ(tagged[0].arn,
            "arn:aws:lambda:us-east-1:000000000000:function:billing-service-invoicer");
  EXPECT_EQ(tagged[0].tags.at("Project"), "billing-service");
}

TEST_F(LambdaHandlerTest, GenerateRespectsUnreservedMinimum) {
  nlohmann::json estate = LambdaHandlerDemoEstate();
  handler_.Generate({{"functions", 2000}}, estate);
  handler_.Load(estate);
  nlohmann::json dump = handler_.Dump();
  EXPECT_EQ(dump["functions"].size(), 2004u);
  EXPECT_GT(dump["account_concurrency_limit"].get<int>(), 1000);
  EXPECT_GE(dump["unreserved_concurrent_executions"].get<int>(), 100);
  EXPECT_EQ(dump["functions"]["generated-function-00004"]["reserved_concurrency"], 5);
  EXPECT_TRUE(dump["functions"]["generated-function-00001"]["reserved_concurrency"].is_null());
}

TEST_F(LambdaHandlerTest, RandomRequestsGetWellFormedAnswers) {
  std::mt19937 rng(42);
  const std::vector<std::string> segments = {"2015-03-31",
                                             "2017-10-31",
                                             "2019-09-30",
                                             "2016-08-19",
                                             "2017-03-31",
                                             "functions",
                                             "concurrency",
                                             "tags",
                                             "account-settings",
                                             "%",
                                             "%ZZ",
                                             "arn%3Aaws%3Alambda",
                                             "event_processor",
                                             ""};
  const std::vector<std::string> methods = {"GET", "PUT", "DELETE", "POST"};
  const std::vector<std::string> bodies = {"",
                                           "{",
                                           "[]",
                                           R"({"ReservedConcurrentExecutions":"x"})",
                                           R"({"ReservedConcurrentExecutions":1e99})",
                                           "null"};
  for (int i = 0; i < 500; ++i) {
    std::string path;
    for (int n = rng() % 5; n > 0; --n) path += "/" + segments[rng() % segments.size()];
    std::string query =
        rng() % 3 ? "" : "MaxItems=" + segments[rng() % segments.size()] + "&Marker=%";
    Response out =
        Call(methods[rng() % methods.size()], path, query, bodies[rng() % bodies.size()]);
    SCOPED_TRACE(path);
    ASSERT_TRUE(out.status == 200 || out.status == 204 || (out.status >= 400 && out.status < 500))
        << out.status;
    if (out.status != 204) {
      EXPECT_FALSE(nlohmann::json::parse(out.body, nullptr, false).is_discarded()) << out.body;
    }
  }
}

}  // namespace
}  // namespace sandbox
