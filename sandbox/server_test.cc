#include "sandbox/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <optional>
#include <pugixml.hpp>
#include <thread>

#include "aws/sigv4.h"
#include "tests/testing/sandbox_fixture.h"
#include "tests/testing/sandbox_http.h"

namespace arm::testing {
namespace {

constexpr char kServerTopic[] = "arn:aws:sns:us-east-1:000000000000:user-journey-analytics-ops";

HttpRequest Query(const std::string& body) {
  HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.body = body;
  r.SetHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  return r;
}

HttpRequest Json(const std::string& target, const std::string& body,
                 const std::string& version = "1.0") {
  HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.body = body;
  r.SetHeader("Content-Type", "application/x-amz-json-" + version);
  r.SetHeader("X-Amz-Target", target);
  return r;
}

std::string QueryErrorCode(const RawResponse& r) {
  pugi::xml_document doc;
  if (!doc.load_string(r.body.c_str())) return "<not xml>";
  return doc.child("ErrorResponse").child("Error").child_value("Code");
}

std::string S3ErrorCode(const RawResponse& r) {
  pugi::xml_document doc;
  if (!doc.load_string(r.body.c_str())) return "<not xml>";
  return doc.child("Error").child_value("Code");
}

std::string JsonErrorCode(const RawResponse& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "<not json>";
  return j.value("__type", "");
}

HttpRequest S3Get(const std::string& path) {
  HttpRequest r;
  r.method = "GET";
  r.path = path;
  return r;
}

// The backlog of the TCP socket listening on 127.0.0.1:`port`, as the
// kernel reports it (sock_diag: a listening socket's idiag_wqueue is its
// backlog); nullopt if the kernel does not answer.
std::optional<unsigned> ListenBacklog(int port) {
  int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return std::nullopt;
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } query{};
  query.header.nlmsg_len = sizeof(query);
  query.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  query.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  query.request.sdiag_family = AF_INET;
  query.request.sdiag_protocol = IPPROTO_TCP;
  query.request.idiag_states = 1U << TCP_LISTEN;
  std::optional<unsigned> backlog;
  if (::send(fd, &query, sizeof(query), 0) == static_cast<ssize_t>(sizeof(query))) {
    alignas(nlmsghdr) char buffer[16384];
    bool done = false;
    while (!done) {
      ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      for (auto* h = reinterpret_cast<nlmsghdr*>(buffer); NLMSG_OK(h, static_cast<unsigned>(n));
           h = NLMSG_NEXT(h, n)) {
        if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
          done = true;
          break;
        }
        const auto* msg = static_cast<const inet_diag_msg*>(NLMSG_DATA(h));
        if (ntohs(msg->id.idiag_sport) == port && msg->id.idiag_src[0] == htonl(INADDR_LOOPBACK))
          backlog = msg->idiag_wqueue;
      }
    }
  }
  ::close(fd);
  return backlog;
}

class ServerTest : public SandboxFixture {};

// httplib listens with a backlog of 5; 50 clients connecting at once then
// lose SYNs and wait a second each. The sandbox raises it.
TEST_F(ServerTest, ListensWithABacklogForManyClientsConnectingAtOnce) {
  std::optional<unsigned> backlog = ListenBacklog(port());
  if (!backlog) GTEST_SKIP() << "the kernel's sock_diag interface did not answer";
  EXPECT_GE(*backlog, 128U);
}

TEST_F(ServerTest, StateShowsEveryServiceAndZeroCallsAtStart) {
  nlohmann::json state = State();
  for (const char* service : {"sts", "s3", "sns", "dynamodb", "tagging"}) {
    EXPECT_TRUE(state["services"].contains(service)) << service;
  }
  EXPECT_EQ(state["calls"]["total"], 0);
  EXPECT_EQ(state["services"]["dynamodb"]["tables"].size(), 3u);
}

TEST_F(ServerTest, StateAndResetAreServedOverHttp) {
  RawResponse publish =
      SendSigned(port(),
                 Query(std::string("Action=Publish&Version=2010-03-31&TopicArn=") +
                       UriEncode(kServerTopic) + "&Message=hello&Subject=hi"),
                 "sns");
  ASSERT_EQ(publish.status, 200) << publish.body;

  HttpRequest get_state = S3Get("/_sandbox/state");
  RawResponse state = SendRaw(port(), get_state);
  ASSERT_EQ(state.status, 200);
  auto j = nlohmann::json::parse(state.body);
  EXPECT_EQ(j["calls"]["by_action"]["sns:Publish"], 1);
  EXPECT_EQ(j["calls"]["mutating"], 1);
  EXPECT_EQ(j["services"]["sns"]["topics"][0]["Messages"][0]["Message"], "hello");

  HttpRequest reset;
  reset.method = "POST";
  reset.path = "/_sandbox/reset";
  reset.SetHeader("Content-Type", "application/json");
  ASSERT_EQ(SendRaw(port(), reset).status, 200);
  j = State();
  EXPECT_EQ(j["calls"]["total"], 0);
  EXPECT_TRUE(j["services"]["sns"]["topics"][0]["Messages"].empty());
}

// A web page in a browser on this host can reach 127.0.0.1 too: by DNS
// rebinding (its own name in Host) or by a form post. Neither may read the
// estate or reset it.
TEST_F(ServerTest, SandboxPathsAnswerOnlyTheLoopbackHostAndPort) {
  RawResponse publish =
      SendSigned(port(),
                 Query(std::string("Action=Publish&Version=2010-03-31&TopicArn=") +
                       UriEncode(kServerTopic) + "&Message=hello&Subject=hi"),
                 "sns");
  ASSERT_EQ(publish.status, 200) << publish.body;
  const std::string p = std::to_string(port());
  const std::vector<std::string> foreign = {"attacker.example:" + p,
                                            "attacker.example",
                                            "127.0.0.1",
                                            "127.0.0.1:" + std::to_string(port() + 1),
                                            "localhost.attacker.example:" + p,
                                            "127.0.0.2:" + p};
  for (const std::string& host : foreign) {
    for (const char* path : {"/_sandbox/state", "/_sandbox/health"}) {
      HttpRequest get = S3Get(path);
      get.SetHeader("Host", host);
      RawResponse r = SendRaw(port(), get);
      EXPECT_EQ(r.status, 403) << path << " Host " << host;
      EXPECT_EQ(r.body.find("\"services\""), std::string::npos) << r.body;
    }
    HttpRequest reset;
    reset.method = "POST";
    reset.path = "/_sandbox/reset";
    reset.SetHeader("Host", host);
    reset.SetHeader("Content-Type", "application/json");
    reset.body = "{}";
    EXPECT_EQ(SendRaw(port(), reset).status, 403) << "Host " << host;
  }
  EXPECT_EQ(State()["calls"]["by_action"]["sns:Publish"], 1);  // never reset
  for (const std::string& host :
       std::vector<std::string>{"127.0.0.1:" + p, "localhost:" + p, "LOCALHOST:" + p}) {
    HttpRequest get = S3Get("/_sandbox/state");
    get.SetHeader("Host", host);
    EXPECT_EQ(SendRaw(port(), get).status, 200) << host;
  }
}

// A form post or a "simple" cross-origin fetch cannot send a JSON content
// type without a preflight.
TEST_F(ServerTest, SandboxResetTakesOnlyAJsonPost) {
  RawResponse publish =
      SendSigned(port(),
                 Query(std::string("Action=Publish&Version=2010-03-31&TopicArn=") +
                       UriEncode(kServerTopic) + "&Message=hello&Subject=hi"),
                 "sns");
  ASSERT_EQ(publish.status, 200) << publish.body;
  for (const char* type :
       {"", "text/plain", "application/x-www-form-urlencoded", "text/html", "application/jsonp"}) {
    HttpRequest reset;
    reset.method = "POST";
    reset.path = "/_sandbox/reset";
    if (type[0] != '\0') reset.SetHeader("Content-Type", type);
    reset.body = "{}";
    RawResponse r = SendRaw(port(), reset);
    EXPECT_EQ(r.status, 415) << "Content-Type " << type;
    EXPECT_NE(r.body.find("application/json"), std::string::npos) << r.body;
  }
  EXPECT_EQ(State()["calls"]["by_action"]["sns:Publish"], 1);
  HttpRequest reset;
  reset.method = "POST";
  reset.path = "/_sandbox/reset";
  reset.SetHeader("Content-Type", "application/json; charset=utf-8");
  EXPECT_EQ(SendRaw(port(), reset).status, 200);
  EXPECT_EQ(State()["calls"]["total"], 0);
}

TEST_F(ServerTest, UnknownAccessKeyGetsEachProtocolsError) {
  SigningKey nobody{"AKIANOBODY", "secret", "", "us-east-1"};
  RawResponse sts =
      SendSigned(port(), Query("Action=GetCallerIdentity&Version=2011-06-15"), "sts", nobody);
  EXPECT_EQ(sts.status, 403);
  EXPECT_EQ(QueryErrorCode(sts), "InvalidClientTokenId");

  RawResponse ddb =
      SendSigned(port(), Json("DynamoDB_20120810.ListTables", "{}"), "dynamodb", nobody);
  EXPECT_EQ(ddb.status, 400);
  EXPECT_EQ(JsonErrorCode(ddb), "UnrecognizedClientException");

  RawResponse s3 = SendSigned(port(), S3Get("/user-journey-analytics-state/x"), "s3", nobody);
  EXPECT_EQ(s3.status, 403);
  EXPECT_EQ(S3ErrorCode(s3), "InvalidAccessKeyId");
  EXPECT_EQ(State()["calls"]["auth_failures"], 3);
}

TEST_F(ServerTest, WrongSecretGetsSignatureDoesNotMatch) {
  SigningKey wrong{"test", "not-the-secret", "", "us-east-1"};
  RawResponse sts =
      SendSigned(port(), Query("Action=GetCallerIdentity&Version=2011-06-15"), "sts", wrong);
  EXPECT_EQ(sts.status, 403);
  EXPECT_EQ(QueryErrorCode(sts), "SignatureDoesNotMatch");

  RawResponse ddb =
      SendSigned(port(), Json("DynamoDB_20120810.ListTables", "{}"), "dynamodb", wrong);
  EXPECT_EQ(ddb.status, 403);
  EXPECT_EQ(JsonErrorCode(ddb), "InvalidSignatureException");
  // As AWS's, the message quotes what the server computed.
  std::string message = nlohmann::json::parse(ddb.body).value("message", "");
  EXPECT_NE(message.find("The Canonical String for this request should have been\n'POST\n/\n"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("x-amz-target:DynamoDB_20120810.ListTables\n"), std::string::npos)
      << message;
  EXPECT_NE(message.find("The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n"),
            std::string::npos)
      << message;

  RawResponse s3 = SendSigned(port(), S3Get("/user-journey-analytics-state/x"), "s3", wrong);
  EXPECT_EQ(s3.status, 403);
  EXPECT_EQ(S3ErrorCode(s3), "SignatureDoesNotMatch");
}

TEST_F(ServerTest, TamperedBodyFailsTheSignature) {
  HttpRequest r = Json("DynamoDB_20120810.ListTables", "{}");
  r.host = "127.0.0.1:" + std::to_string(port());
  r.SetHeader("Host", r.host);
  sigv4::SigningParams p;
  p.access_key_id = p.secret_access_key = "test";
  p.region = "us-east-1";
  p.service = "dynamodb";
  p.time = std::chrono::system_clock::now();
  sigv4::SignRequest(r, p);
  r.body = R"({"Limit": 1})";
  RawResponse res = SendRaw(port(), r);
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(JsonErrorCode(res), "InvalidSignatureException");
}

TEST_F(ServerTest, MissingAuthenticationGetsEachProtocolsError) {
  RawResponse sts = SendRaw(port(), Query("Action=GetCallerIdentity&Version=2011-06-15"));
  EXPECT_EQ(sts.status, 403);
  EXPECT_EQ(QueryErrorCode(sts), "MissingAuthenticationToken");
  RawResponse ddb = SendRaw(port(), Json("DynamoDB_20120810.ListTables", "{}"));
  EXPECT_EQ(JsonErrorCode(ddb), "MissingAuthenticationTokenException");
  RawResponse s3 = SendRaw(port(), S3Get("/user-journey-analytics-state/x"));
  EXPECT_EQ(s3.status, 403);
  EXPECT_EQ(S3ErrorCode(s3), "AccessDenied");
}

TEST_F(ServerTest, AllowListLimitsTheCaller) {
  SigningKey readonly{"AKIAREADONLYEXAMPLE", "readonly-secret-key-example", "", "us-east-1"};
  RawResponse list =
      SendSigned(port(), Json("DynamoDB_20120810.ListTables", "{}"), "dynamodb", readonly);
  EXPECT_EQ(list.status, 200) << list.body;
  RawResponse publish =
      SendSigned(port(),
                 Query(std::string("Action=Publish&Version=2010-03-31&Message=x&TopicArn=") +
                       UriEncode(kServerTopic)),
                 "sns", readonly);
  EXPECT_EQ(publish.status, 403);
  EXPECT_EQ(QueryErrorCode(publish), "AuthorizationError");
  EXPECT_TRUE(State()["services"]["sns"]["topics"][0]["Messages"].empty());
}

TEST_F(ServerTest, AssumedRoleCredentialsAreAcceptedWithTheirToken) {
  RawResponse assumed =
      SendSigned(port(),
                 Query("Action=AssumeRole&Version=2011-06-15&RoleSessionName=ops&RoleArn=" +
                       UriEncode("arn:aws:iam::111122223333:role/operator")),
                 "sts");
  ASSERT_EQ(assumed.status, 200) << assumed.body;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(assumed.body.c_str()));
  pugi::xml_node creds =
      doc.child("AssumeRoleResponse").child("AssumeRoleResult").child("Credentials");
  SigningKey temp{creds.child_value("AccessKeyId"), creds.child_value("SecretAccessKey"),
                  creds.child_value("SessionToken"), "us-east-1"};
  RawResponse who =
      SendSigned(port(), Query("Action=GetCallerIdentity&Version=2011-06-15"), "sts", temp);
  ASSERT_EQ(who.status, 200) << who.body;
  EXPECT_NE(who.body.find("arn:aws:sts::111122223333:assumed-role/operator/ops"), std::string::npos)
      << who.body;

  temp.session_token.clear();
  RawResponse no_token =
      SendSigned(port(), Query("Action=GetCallerIdentity&Version=2011-06-15"), "sts", temp);
  EXPECT_EQ(QueryErrorCode(no_token), "InvalidClientTokenId");
}

TEST_F(ServerTest, UnknownServiceAndOperationGetWellFormedErrors) {
  RawResponse svc = SendSigned(port(), Json("Nope_20200101.Do", "{}"), "nope");
  EXPECT_EQ(svc.status, 400);
  EXPECT_EQ(JsonErrorCode(svc), "UnknownOperationException");
  RawResponse op = SendSigned(port(), Json("DynamoDB_20120810.PutItem", "{}"), "dynamodb");
  EXPECT_EQ(JsonErrorCode(op), "UnknownOperationException");
  RawResponse action = SendSigned(port(), Query("Action=Nope&Version=2011-06-15"), "sts");
  EXPECT_EQ(QueryErrorCode(action), "InvalidAction");
  RawResponse body =
      SendSigned(port(), Json("DynamoDB_20120810.ListTables", "{not json"), "dynamodb");
  EXPECT_EQ(JsonErrorCode(body), "SerializationException");
}

TEST_F(ServerTest, ServesConcurrentRequests) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        if (SendSigned(port(), Json("DynamoDB_20120810.ListTables", "{}"), "dynamodb").status ==
            200)
          ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 160);
  EXPECT_EQ(State()["calls"]["by_action"]["dynamodb:ListTables"], 160);
}

class FaultyServerTest : public SandboxFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = SandboxFixture::Options();
    o.throttle_rate = 0.3;
    o.error_rate = 0.2;
    o.reset_rate = 0.1;
    o.seed = 42;
    return o;
  }
  std::vector<int> Run(int n) {
    std::vector<int> statuses;
    for (int i = 0; i < n; ++i) {
      RawResponse r = SendSigned(port(), Json("DynamoDB_20120810.ListTables", "{}"), "dynamodb");
      statuses.push_back(r.answered ? r.status : -1);
    }
    return statuses;
  }
};

TEST_F(FaultyServerTest, FaultsAreReproducibleBySeed) {
  std::vector<int> first = Run(40);
  server_->Reset();  // reseeds
  std::vector<int> second = Run(40);
  EXPECT_EQ(first, second);
  int dropped = 0, throttled = 0, errors = 0, ok = 0;
  for (int s : first) {
    if (s == -1) ++dropped;
    if (s == 400) ++throttled;
    if (s >= 500) ++errors;
    if (s == 200) ++ok;
  }
  EXPECT_GT(dropped, 0);
  EXPECT_GT(throttled, 0);
  EXPECT_GT(errors, 0);
  EXPECT_GT(ok, 0);
  auto calls = State()["calls"];
  EXPECT_EQ(calls["faults"]["reset"], dropped);
}

// A 500 comes in the protocol's own error shape: the query services (RDS,
// Auto Scaling, IAM) answer an XML ErrorResponse, as AWS does, or botocore
// and our client could not read it.
class FailingServerTest : public SandboxFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = SandboxFixture::Options();
    o.error_rate = 1.0;
    o.seed = 7;
    return o;
  }
};

TEST_F(FailingServerTest, QueryServicesAnswerAnXmlErrorResponse) {
  const std::vector<std::pair<std::string, std::string>> calls = {
      {"rds", "Action=DescribeDBInstances&Version=2014-10-31"},
      {"autoscaling", "Action=DescribeAutoScalingGroups&Version=2011-01-01"},
      {"iam", "Action=GetUser&Version=2010-05-08"}};
  for (const auto& [service, query] : calls) {
    RawResponse r = SendSigned(port(), Query(query), service);
    ASSERT_TRUE(r.answered) << service;
    EXPECT_EQ(r.status, 500) << service;
    EXPECT_NE(r.body.find("<ErrorResponse"), std::string::npos) << service << ": " << r.body;
    EXPECT_NE(r.body.find("<Code>InternalFailure</Code>"), std::string::npos) << r.body;
  }
}

}  // namespace
}  // namespace arm::testing
