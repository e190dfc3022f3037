// Randomised malformed requests (fixed seed) against every service: every
// answer must be a well-formed AWS error (or success), never a crash, a
// dropped connection or a hang.
#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <random>

#include "tests/testing/sandbox_fixture.h"
#include "tests/testing/sandbox_http.h"

namespace arm::testing {
namespace {

struct ServiceShape {
  const char* signing_name;
  const char* target_prefix;  // "" for query / rest protocols
  const char* json_version;
  std::vector<const char*> operations;
};

const std::vector<ServiceShape>& Services() {
  static const std::vector<ServiceShape> kServices = {
      {"sts", "", "", {"GetCallerIdentity", "AssumeRole", "AssumeRoleWithWebIdentity", "Nope"}},
      {"sns", "", "", {"Publish", "ListTopics", "Nope"}},
      {"dynamodb", "DynamoDB_20120810", "1.0", {"ListTables", "DescribeTable", "PutItem"}},
      {"tagging", "ResourceGroupsTaggingAPI_20170126", "1.1", {"GetResources", "TagResources"}},
      {"s3", "", "", {}},
      {"kinesis", "Kinesis_20131202", "1.1", {"ListStreams"}},
  };
  return kServices;
}

class Fuzzer {
 public:
  explicit Fuzzer(uint32_t seed) : rng_(seed) {}

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Int(0, static_cast<int>(v.size()) - 1))];
  }

  std::string Bytes(int max_len) {
    std::string s(static_cast<size_t>(Int(0, max_len)), '\0');
    for (char& c : s) c = static_cast<char>(Int(0, 255));
    return s;
  }

  std::string Token() {
    static const std::vector<std::string> kTokens = {
        "",
        "x",
        "-1",
        "0",
        "101",
        "1e309",
        "null",
        "true",
        "[]",
        "{}",
        "\"",
        "%",
        "%zz",
        "&&&",
        "==",
        std::string(3000, 'a'),
        "arn:aws:sns:us-east-1:000000000000:user-journey-analytics-ops",
        "user-journey-analytics-sessions",
        "\xff\xfe",
        "Key=Project"};
    return Pick(kTokens);
  }

  nlohmann::json JsonValue(int depth) {
    switch (Int(0, depth > 2 ? 4 : 6)) {
      case 0:
        return nullptr;
      case 1:
        return Int(-5, 200);
      case 2:
        return "v" + std::to_string(Int(0, 9));
      case 3:
        return Int(0, 1) == 1;
      case 4:
        return 3.5;
      case 5: {
        nlohmann::json a = nlohmann::json::array();
        for (int i = Int(0, 3); i > 0; --i) a.push_back(JsonValue(depth + 1));
        return a;
      }
      default: {
        nlohmann::json o = nlohmann::json::object();
        static const std::vector<std::string> kKeys = {
            "Limit",  "ExclusiveStartTableName", "TableName",        "TagFilters",      "Key",
            "Values", "ResourceTypeFilters",     "ResourcesPerPage", "PaginationToken", "x"};
        for (int i = Int(0, 4); i > 0; --i) o[Pick(kKeys)] = JsonValue(depth + 1);
        return o;
      }
    }
  }

  std::string JsonBody() {
    switch (Int(0, 4)) {
      case 0:
        return "";
      case 1:
        return Bytes(200);
      case 2: {
        std::string s = JsonValue(0).dump();
        return s.substr(0, static_cast<size_t>(Int(0, static_cast<int>(s.size()))));
      }
      default:
        return JsonValue(0).dump();
    }
  }

  std::string FormBody(const ServiceShape& svc) {
    std::string body;
    if (Int(0, 5) > 0 && !svc.operations.empty())
      body += "Action=" + std::string(Pick(svc.operations));
    static const std::vector<std::string> kParams = {
        "Version",         "TopicArn",        "Message",          "Subject",   "RoleArn",
        "RoleSessionName", "DurationSeconds", "WebIdentityToken", "TargetArn", "Junk"};
    for (int i = Int(0, 6); i > 0; --i) body += "&" + Pick(kParams) + "=" + UriEncode(Token());
    if (Int(0, 6) == 0) body += Bytes(50);
    return body;
  }

  HttpRequest Make(const ServiceShape& svc) {
    static const std::vector<std::string> kMethods = {"GET",    "POST", "PUT",
                                                      "DELETE", "HEAD", "PATCH"};
    HttpRequest r;
    r.method =
        Int(0, 3) == 0 ? Pick(kMethods) : (std::string(svc.signing_name) == "s3" ? "PUT" : "POST");
    static const std::vector<std::string> kPaths = {
        "/",
        "/user-journey-analytics-state/k",
        "/nope/k",
        "/user-journey-analytics-state/",
        "/%41%2F..%2F",
        "/a/../b",
        "//x//y",
        "/user-journey-analytics-state/" + std::string(500, 'k')};
    r.path = Pick(kPaths);
    if (Int(0, 4) == 0)
      r.query = Pick(std::vector<std::string>{"acl", "x-id=GetObject", "a=b&a=c", "%", "tagging="});
    if (svc.target_prefix[0] != '\0') {
      r.SetHeader("Content-Type", std::string("application/x-amz-json-") + svc.json_version);
      if (Int(0, 6) > 0) {
        std::string op = svc.operations.empty() ? "X" : Pick(svc.operations);
        r.SetHeader("X-Amz-Target",
                    Int(0, 8) == 0 ? Token() : std::string(svc.target_prefix) + "." + op);
      }
      r.body = JsonBody();
    } else if (std::string(svc.signing_name) == "s3") {
      r.body = Bytes(300);
      if (Int(0, 3) == 0) r.SetHeader("x-amz-server-side-encryption", Token().substr(0, 20));
      if (Int(0, 3) == 0) r.SetHeader("Content-MD5", Token().substr(0, 30));
      if (Int(0, 3) == 0)
        r.SetHeader("Range", "bytes=" + std::to_string(Int(-3, 400)) + "-" + Token().substr(0, 4));
    } else {
      r.SetHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
      r.body = FormBody(svc);
    }
    if (Int(0, 5) == 0) r.SetHeader("X-Junk", Token().substr(0, 40));
    return r;
  }

 private:
  std::mt19937 rng_;
};

// JSON with a code, or XML with a <Code>, or (HEAD / S3 bodies) no body.
::testing::AssertionResult WellFormed(const HttpRequest& req, const RawResponse& res) {
  if (!res.answered)
    return ::testing::AssertionFailure() << "no answer to " << req.method << " " << req.path;
  if (res.status < 200 || res.status > 599)
    return ::testing::AssertionFailure() << "status " << res.status;
  const std::string* ct = res.Header("Content-Type");
  std::string type = ct != nullptr ? *ct : "";
  if (req.method == "HEAD" || (res.status < 300 && type.find("json") == std::string::npos &&
                               type.find("xml") == std::string::npos)) {
    return ::testing::AssertionSuccess();
  }
  if (type.find("json") != std::string::npos) {
    auto j = nlohmann::json::parse(res.body, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return ::testing::AssertionFailure() << "bad JSON: " << res.body;
    if (res.status >= 400 && !j.contains("__type") && !res.Header("X-Amzn-ErrorType")) {
      return ::testing::AssertionFailure() << "JSON error without a code: " << res.body;
    }
    return ::testing::AssertionSuccess();
  }
  if (type.find("xml") != std::string::npos) {
    pugi::xml_document doc;
    if (!doc.load_string(res.body.c_str()))
      return ::testing::AssertionFailure() << "bad XML: " << res.body;
    if (res.status >= 400) {
      std::string code = doc.child("ErrorResponse").child("Error").child_value("Code");
      if (code.empty()) code = doc.child("Error").child_value("Code");
      if (code.empty())
        return ::testing::AssertionFailure() << "XML error without a code: " << res.body;
    }
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "error " << res.status << " with content type '" << type << "': " << res.body;
}

class RobustnessTest : public SandboxFixture {};

TEST_F(RobustnessTest, RandomRequestsGetWellFormedAnswers) {
  Fuzzer fuzz(20240601);
  constexpr int kPerService = 200;
  for (const auto& svc : Services()) {
    SCOPED_TRACE(svc.signing_name);
    for (int i = 0; i < kPerService; ++i) {
      HttpRequest req = fuzz.Make(svc);
      RawResponse res;
      switch (fuzz.Int(0, 5)) {
        case 0:
          res = SendRaw(port(), req);
          break;
        case 1:
          req.SetHeader("Authorization", "AWS4-HMAC-SHA256 " + fuzz.Token().substr(0, 60));
          res = SendRaw(port(), req);
          break;
        default:
          res = SendSigned(port(), req, svc.signing_name);
          break;
      }
      ASSERT_TRUE(WellFormed(req, res)) << "request " << i << ": " << req.method << " " << req.path
                                        << "?" << req.query << " body " << req.body.substr(0, 200);
    }
  }
  HttpRequest ok;
  ok.method = "POST";
  ok.path = "/";
  ok.body = "{}";
  ok.SetHeader("Content-Type", "application/x-amz-json-1.0");
  ok.SetHeader("X-Amz-Target", "DynamoDB_20120810.ListTables");
  EXPECT_EQ(SendSigned(port(), ok, "dynamodb").status, 200);
}

}  // namespace
}  // namespace arm::testing
