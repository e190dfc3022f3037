// Audit trail, notifications and state backup end to end: the real binary
// against aws-sandbox, checked against what the sandbox itself recorded.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "state/state_file.h"
#include "tests/e2e/manager_fixture.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kAccessKey[] = "AKIAAUDITEXAMPLE0001";
constexpr char kSecret[] = "audit-secret-Xq9vT3kL0pW8";
constexpr char kToken[] = "audit-session-token-Zr7mN2bQ5";
constexpr char kCallerArn[] = "arn:aws:iam::000000000000:user/auditor";
constexpr char kTopic[] = "arn:aws:sns:us-east-1:000000000000:user-journey-analytics-ops";
constexpr char kBucket[] = "user-journey-analytics-state";
constexpr char kKey[] = "user-journey-analytics/demo/aws-resource-state.json";

int Mode(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 0777);
}

class AuditTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    sandbox::ServerOptions o = ManagerFixture::Options();
    o.estate["credentials"].push_back(json{{"access_key_id", kAccessKey},
                                           {"secret_access_key", kSecret},
                                           {"session_token", kToken},
                                           {"account_id", "000000000000"},
                                           {"arn", kCallerArn}});
    return o;
  }

  std::string log_dir() const { return dir_ + "/logs"; }

  CliResult Run(const std::vector<std::string>& args, std::vector<std::string> env = {}) {
    std::vector<std::string> all = {"AWS_ACCESS_KEY_ID=" + std::string(kAccessKey),
                                    "AWS_SECRET_ACCESS_KEY=" + std::string(kSecret),
                                    "AWS_SESSION_TOKEN=" + std::string(kToken),
                                    "LOG_DIR=" + log_dir(),
                                    "SNS_TOPIC_ARN=" + std::string(kTopic),
                                    "STATE_BACKUP_S3_BUCKET=" + std::string(kBucket)};
    all.insert(all.end(), env.begin(), env.end());
    return Manager(args, all);
  }

  // The reports, oldest first.
  std::vector<std::string> Reports() {
    std::vector<std::string> out;
    std::string dir = log_dir() + "/operations";
    if (!std::filesystem::exists(dir)) return out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  json S3Object() {
    json state = State();  // kept alive: the loop walks into it
    for (const auto& b : state.at("services").at("s3").at("buckets"))
      if (b.value("Name", "") == kBucket)
        for (const auto& o : b.at("Objects"))
          if (o.value("Key", "") == kKey) return o;
    return json();
  }

  json Messages() {
    json state = State();
    for (const auto& t : state.at("services").at("sns").at("topics"))
      if (t.value("TopicArn", "") == kTopic) return t.at("Messages");
    return json::array();
  }

  // service:Action -> calls (attempts) of mutating calls listed in a report.
  static std::map<std::string, int> ReportedMutatingCalls(const json& report) {
    std::map<std::string, int> out;
    auto add = [&](const json& call) {
      std::string api = call.at("api");
      std::string op = api.substr(api.find(':') + 1);
      for (const char* read : {"Describe", "List", "Get", "Head"})
        if (op.rfind(read, 0) == 0) return;
      out[api] += call.at("attempts").get<int>();
    };
    for (const auto& a : report.at("actions"))
      for (const auto& c : a.at("calls")) add(c);
    for (const auto& c : report.at("other_calls")) add(c);
    return out;
  }

  void ExpectNoSecrets(const std::string& what, const std::string& text) {
    EXPECT_EQ(text.find(kSecret), std::string::npos) << what << " holds the secret key";
    EXPECT_EQ(text.find(kToken), std::string::npos) << what << " holds the session token";
    EXPECT_EQ(text.find("Authorization"), std::string::npos)
        << what << " holds an Authorization header";
    EXPECT_EQ(text.find("Signature="), std::string::npos) << what << " holds a signature";
    EXPECT_EQ(text.find("X-Amz-Security-Token"), std::string::npos) << what;
  }
};

TEST_F(AuditTest, StopIsAuditedNotifiedAndBackedUpThenStartRestoresFromS3) {
  // The resources; S3 and SNS gain the backup and the messages.
  auto resources = [this] {
    json e = Estate();
    e.erase("s3");
    e.erase("sns");
    return e;
  };
  json before = resources();
  auto stop = Run({"stop", "--force", "--log-level", "trace"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;

  // The audit report: private, complete, and every mutating call the sandbox
  // counted is in it.
  auto reports = Reports();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_NE(reports[0].find("-stop.json"), std::string::npos);
  EXPECT_EQ(Mode(reports[0]), 0600);
  EXPECT_EQ(Mode(log_dir() + "/operations"), 0700);
  EXPECT_EQ(Mode(log_dir()), 0700);
  json report = json::parse(Slurp(reports[0]));
  EXPECT_EQ(report["caller_arn"], kCallerArn);
  EXPECT_EQ(report["account_id"], "000000000000");
  EXPECT_EQ(report["region"], "us-east-1");
  // Environment keys and no profile named: none is claimed.
  EXPECT_EQ(report["profile"], "");
  EXPECT_EQ(report["credentials"], "environment variables");
  EXPECT_EQ(report["command"], "stop");
  EXPECT_EQ(report["dry_run"], false);
  EXPECT_EQ(report["exit_code"], 0);
  EXPECT_FALSE(report["tool_version"].get<std::string>().empty());
  EXPECT_LE(report["started_at"].get<std::string>(), report["ended_at"].get<std::string>());
  EXPECT_GT(report["cost"]["savings_daily_usd"].get<double>(), 0);
  for (const auto& a : report["actions"]) {
    EXPECT_EQ(a["result"], "done") << a.dump();
    if (a["mutating"].get<bool>()) {
      EXPECT_FALSE(a["request_id"].get<std::string>().empty()) << a.dump();
      EXPECT_GE(a["attempts"].get<int>(), 1) << a.dump();
      EXPECT_FALSE(a["before"].is_null()) << a.dump();
    }
  }
  std::map<std::string, int> counted = MutatingCalls();
  EXPECT_EQ(ReportedMutatingCalls(report), counted) << report.dump(1);
  EXPECT_GT(counted["kinesis:UpdateShardCount"], 0);
  EXPECT_GT(counted["s3:PutObject"], 0);
  EXPECT_EQ(counted["sns:Publish"], 1);

  // The notification.
  json messages = Messages();
  ASSERT_EQ(messages.size(), 1u) << messages.dump();
  EXPECT_EQ(messages[0]["Subject"], "aws-resource-manager stop user-journey-analytics/demo: done");
  std::string body = messages[0]["Message"];
  EXPECT_NE(body.find("UpdateShardCount user-journey-analytics-user-events"), std::string::npos)
      << body;
  EXPECT_NE(body.find("saves $"), std::string::npos) << body;
  EXPECT_EQ(messages[0]["PublishedBy"], kCallerArn);

  // The S3 copy is the local state file, byte for byte, encrypted.
  json object = S3Object();
  ASSERT_FALSE(object.is_null());
  std::string local = Slurp(state_path());
  EXPECT_EQ(object["Body"].get<std::string>(), local);
  EXPECT_EQ(object["ServerSideEncryption"], "AES256");

  // No secret in the debug log file nor on the console at trace level.
  std::string log = Slurp(log_dir() + "/aws-resource-manager.log");
  EXPECT_NE(log.find("kinesis POST"), std::string::npos) << "the debug log has the calls";
  EXPECT_EQ(Mode(log_dir() + "/aws-resource-manager.log"), 0600);
  ExpectNoSecrets("the log file", log);
  ExpectNoSecrets("stderr", stop.err);
  ExpectNoSecrets("the audit report", Slurp(reports[0]));

  // Start with the local state deleted: the S3 copy restores exactly.
  std::filesystem::remove(state_path());
  std::filesystem::remove(state_path() + ".bak");
  auto start = Run({"start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_NE(
      start.err.find("using the S3 copy s3://user-journey-analytics-state/" + std::string(kKey)),
      std::string::npos)
      << start.err;
  json after = resources();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
  EXPECT_EQ(Messages().size(), 2u);

  // A dry run is audited too, without a notification; history lists all
  // three, newest first.
  auto dry = Run({"stop", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(Messages().size(), 2u);
  ASSERT_EQ(Reports().size(), 3u);
  auto history = Run({"history", "--output", "json"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  json ops = json::parse(history.out).at("operations");
  ASSERT_EQ(ops.size(), 3u) << history.out;
  EXPECT_EQ(ops[0]["command"], "stop");
  EXPECT_EQ(ops[0]["dry_run"], true);
  EXPECT_EQ(ops[1]["command"], "start");
  EXPECT_EQ(ops[2]["command"], "stop");
  EXPECT_EQ(ops[2]["caller_arn"], kCallerArn);
  EXPECT_GT(ops[2]["savings_daily_usd"].get<double>(), 0);
  EXPECT_LT(ops[1]["savings_daily_usd"].get<double>(), 0);
  auto limited = Run({"history", "--limit", "1"});
  ASSERT_EQ(limited.exit_code, 0) << limited.err;
  EXPECT_NE(limited.out.find("stop (dry run)"), std::string::npos) << limited.out;
  EXPECT_EQ(limited.out.find("start"), std::string::npos) << limited.out;
}

TEST_F(AuditTest, FailedPublishAndBackupWarnButNeverChangeTheExitCode) {
  auto stop =
      Run({"stop", "--force"}, {"SNS_TOPIC_ARN=arn:aws:sns:us-east-1:000000000000:no-such-topic",
                                "STATE_BACKUP_S3_BUCKET=no-such-bucket"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_NE(stop.err.find("could not publish the notification"), std::string::npos) << stop.err;
  EXPECT_NE(stop.err.find("back up the state to s3://no-such-bucket/"), std::string::npos)
      << stop.err;
  EXPECT_TRUE(std::filesystem::exists(state_path()));
  json report = json::parse(Slurp(Reports().at(0)));
  bool failed_publish = false;
  for (const auto& c : report["other_calls"])
    failed_publish |=
        c["api"] == "sns:Publish" && c["ok"] == false && c["aws_error_code"] == "NotFound";
  EXPECT_TRUE(failed_publish) << report["other_calls"].dump();
}

TEST_F(AuditTest, CorruptReportsAreSkippedByHistory) {
  std::filesystem::create_directories(log_dir() + "/operations");
  std::ofstream(log_dir() + "/operations/20260101T000000Z-stop.json")
      << "{\"command\": \"stop\", truncated";
  auto dry = Run({"stop", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  auto history = Run({"history"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_NE(history.err.find("warning: skipped"), std::string::npos) << history.err;
  EXPECT_NE(history.out.find("stop (dry run)"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find(kCallerArn), std::string::npos) << history.out;
}

TEST_F(AuditTest, ARunThatCannotConnectIsAuditedToo) {
  auto stop = Run({"stop", "--force"}, {"AWS_SECRET_ACCESS_KEY=not-the-right-secret"});
  EXPECT_EQ(stop.exit_code, 3) << stop.err;
  auto reports = Reports();
  ASSERT_EQ(reports.size(), 1u);
  json report = json::parse(Slurp(reports[0]));
  EXPECT_EQ(report["exit_code"], 3);
  EXPECT_EQ(report["actions"].size(), 0u);
  ASSERT_EQ(report["errors"].size(), 1u);
  EXPECT_NE(report["errors"][0].get<std::string>().find("sts:GetCallerIdentity"), std::string::npos)
      << report["errors"].dump();
  EXPECT_TRUE(Messages().empty());  // the publish fails too (same credentials): only a warning
  EXPECT_EQ(MutatingCalls(), (std::map<std::string, int>{}));
  ExpectNoSecrets("the audit report", Slurp(reports[0]));
}

TEST_F(AuditTest, StateFromS3WithoutABucketIsAUsageError) {
  auto start = Manager({"start", "--force", "--state-from-s3"}, {"LOG_DIR=" + log_dir()});
  EXPECT_EQ(start.exit_code, 2) << start.err;
  EXPECT_NE(start.err.find("--state-from-s3 needs STATE_BACKUP_S3_BUCKET"), std::string::npos)
      << start.err;
}

// The backup bucket changed hands: it now belongs to account 999999999999
// and holds a state copy of its new owner's making. The run names its own
// account (x-amz-expected-bucket-owner) on every S3 call, so S3 refuses
// both directions: the state is never written there nor read back.
constexpr char kSoldBucket[] = "user-journey-analytics-state-sold";

class SoldBucketTest : public AuditTest {
 protected:
  sandbox::ServerOptions Options() override {
    sandbox::ServerOptions o = AuditTest::Options();
    arm::State planted;
    planted.project = "user-journey-analytics";
    planted.environment = "demo";
    planted.account_id = "000000000000";
    planted.region = "us-east-1";
    json bucket = {{"Name", kSoldBucket}, {"Owner", "999999999999"}};
    bucket["Objects"] = json::array({json{{"Key", kKey}, {"Body", SerializeState(planted)}}});
    o.estate["s3"]["buckets"].push_back(bucket);
    return o;
  }
  std::string Planted() {
    json state = State();
    for (const auto& b : state.at("services").at("s3").at("buckets"))
      if (b.value("Name", "") == kSoldBucket)
        for (const auto& o : b.at("Objects"))
          if (o.value("Key", "") == kKey) return o.value("Body", "");
    return "";
  }
};

TEST_F(SoldBucketTest, AStateBackupBucketOfAnotherAccountIsNeverWrittenNorTrusted) {
  const std::string planted = Planted();
  ASSERT_FALSE(planted.empty());
  const std::string bucket_env = "STATE_BACKUP_S3_BUCKET=" + std::string(kSoldBucket);
  auto stop = Run({"stop", "--force"}, {bucket_env});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;  // the local file keeps the state safe
  EXPECT_NE(stop.err.find("back up the state to s3://" + std::string(kSoldBucket)),
            std::string::npos)
      << stop.err;
  EXPECT_NE(stop.err.find("AccessDenied"), std::string::npos) << stop.err;
  EXPECT_EQ(Planted(), planted);
  ASSERT_TRUE(std::filesystem::exists(state_path()));
  const std::string local = Slurp(state_path());

  auto start = Run({"start", "--force", "--state-from-s3"}, {bucket_env});
  EXPECT_NE(start.exit_code, 0) << start.out << start.err;
  EXPECT_NE(start.err.find("AccessDenied"), std::string::npos) << start.err;
  EXPECT_EQ(start.err.find("using the S3 copy"), std::string::npos) << start.err;
  EXPECT_EQ(Slurp(state_path()), local);
}

}  // namespace
}  // namespace arm::testing
