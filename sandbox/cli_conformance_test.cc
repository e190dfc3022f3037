// The real AWS CLI against the sandbox (one per protocol each test's services
// are spoken in, AwsClisFor): if the CLI cannot tell the sandbox from AWS for
// these calls, neither can our client.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/testing/aws_cli.h"
#include "tests/testing/sandbox_fixture.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

constexpr char kBucket[] = "user-journey-analytics-state";
constexpr char kTopic[] = "arn:aws:sns:us-east-1:000000000000:user-journey-analytics-ops";

class CliConformanceTest : public SandboxFixture {
 protected:
  void SetUp() override {
    SandboxFixture::SetUp();
    if (FindAwsClis().empty()) GTEST_SKIP() << "no aws CLI installed";
    dir_ = MakeTempDir("cli-conformance");
  }
  void TearDown() override {
    if (!dir_.empty()) RemoveTree(dir_);
    SandboxFixture::TearDown();
  }
  CliResult Cli(const AwsCli& cli, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env = {}) {
    return RunAwsCli(cli, endpoint(), args, env);
  }
  std::vector<AwsCli> clis_;  // each test's: AwsClisFor(the services it calls)
  std::string dir_;
};

TEST_F(CliConformanceTest, S3PutGetHeadObjectRoundTrip) {
  clis_ = AwsClisFor({"s3"});
  std::string in = dir_ + "/state.json", out = dir_ + "/out.json";
  std::ofstream(in) << R"({"version": 1, "resources": []})";
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    std::string key = "runs/" + cli.label.substr(0, cli.label.find(' ')) + "/state.json";
    CliResult put =
        Cli(cli, {"s3api", "put-object", "--bucket", kBucket, "--key", key, "--body", in,
                  "--server-side-encryption", "aws:kms", "--content-type", "application/json"});
    ASSERT_EQ(put.exit_code, 0) << put.err;
    EXPECT_EQ(put.json["ETag"], "\"855c1bf1b44582baa56fc0f2cd5ea5b8\"");
    EXPECT_EQ(put.json["ServerSideEncryption"], "aws:kms");

    CliResult head = Cli(cli, {"s3api", "head-object", "--bucket", kBucket, "--key", key});
    ASSERT_EQ(head.exit_code, 0) << head.err;
    EXPECT_EQ(head.json["ContentLength"], 31);
    EXPECT_EQ(head.json["ETag"], put.json["ETag"]);
    EXPECT_EQ(head.json["ServerSideEncryption"], "aws:kms");
    EXPECT_EQ(head.json["ContentType"], "application/json");

    CliResult get = Cli(cli, {"s3api", "get-object", "--bucket", kBucket, "--key", key, out});
    ASSERT_EQ(get.exit_code, 0) << get.err;
    std::ifstream got(out);
    std::string body((std::istreambuf_iterator<char>(got)), std::istreambuf_iterator<char>());
    EXPECT_EQ(body, R"({"version": 1, "resources": []})");
    EXPECT_EQ(get.json["ETag"], put.json["ETag"]);
  }
  nlohmann::json objects = State()["services"]["s3"]["buckets"][0]["Objects"];
  EXPECT_EQ(objects.size(), clis_.size());
  EXPECT_EQ(objects[0]["ServerSideEncryption"], "aws:kms");
}

TEST_F(CliConformanceTest, S3MissingKeyAndBucketAreNotFound) {
  clis_ = AwsClisFor({"s3"});
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult get =
        Cli(cli, {"s3api", "get-object", "--bucket", kBucket, "--key", "nope", dir_ + "/x"});
    EXPECT_NE(get.exit_code, 0);
    EXPECT_NE(get.err.find("NoSuchKey"), std::string::npos) << get.err;
    CliResult bucket =
        Cli(cli, {"s3api", "get-object", "--bucket", "no-such-bucket", "--key", "k", dir_ + "/x"});
    EXPECT_NE(bucket.err.find("NoSuchBucket"), std::string::npos) << bucket.err;
    CliResult head = Cli(cli, {"s3api", "head-object", "--bucket", kBucket, "--key", "nope"});
    EXPECT_NE(head.exit_code, 0);
    EXPECT_NE(head.err.find("404"), std::string::npos) << head.err;
  }
}

TEST_F(CliConformanceTest, SnsPublishKeepsTheMessage) {
  clis_ = AwsClisFor({"sns"});
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult r = Cli(cli, {"sns", "publish", "--topic-arn", kTopic, "--subject", "paused",
                            "--message", "stopped 3"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(r.json["MessageId"].get<std::string>().empty());
    CliResult missing = Cli(cli, {"sns", "publish", "--topic-arn",
                                  "arn:aws:sns:us-east-1:000000000000:nope", "--message", "x"});
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_NE(missing.err.find("NotFound"), std::string::npos) << missing.err;
  }
  nlohmann::json messages = State()["services"]["sns"]["topics"][0]["Messages"];
  ASSERT_EQ(messages.size(), clis_.size());
  EXPECT_EQ(messages[0]["Subject"], "paused");
  EXPECT_EQ(messages[0]["Message"], "stopped 3");
}

TEST_F(CliConformanceTest, DynamoDbListsPagesAndDescribesTables) {
  clis_ = AwsClisFor({"dynamodb"});
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    // --page-size 1 makes the CLI follow LastEvaluatedTableName.
    CliResult list = Cli(cli, {"dynamodb", "list-tables", "--page-size", "1"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    EXPECT_EQ(list.json["TableNames"],
              nlohmann::json({"billing-service-ledger", "user-journey-analytics-profiles",
                              "user-journey-analytics-sessions"}));
    CliResult one = Cli(cli, {"dynamodb", "list-tables", "--no-paginate", "--limit", "1"});
    ASSERT_EQ(one.exit_code, 0) << one.err;
    EXPECT_EQ(one.json["LastEvaluatedTableName"], "billing-service-ledger");

    CliResult d =
        Cli(cli, {"dynamodb", "describe-table", "--table-name", "user-journey-analytics-profiles"});
    ASSERT_EQ(d.exit_code, 0) << d.err;
    const auto& t = d.json["Table"];
    EXPECT_EQ(t["TableStatus"], "ACTIVE");
    EXPECT_EQ(t["BillingModeSummary"]["BillingMode"], "PROVISIONED");
    EXPECT_EQ(t["ProvisionedThroughput"]["ReadCapacityUnits"], 5);
    EXPECT_EQ(t["ProvisionedThroughput"]["NumberOfDecreasesToday"], 0);
    EXPECT_EQ(t["TableArn"],
              "arn:aws:dynamodb:us-east-1:000000000000:table/user-journey-analytics-profiles");
    EXPECT_EQ(t["ItemCount"], 830);

    CliResult ppr =
        Cli(cli, {"dynamodb", "describe-table", "--table-name", "user-journey-analytics-sessions"});
    ASSERT_EQ(ppr.exit_code, 0) << ppr.err;
    EXPECT_EQ(ppr.json["Table"]["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");

    CliResult missing = Cli(cli, {"dynamodb", "describe-table", "--table-name", "nope-table"});
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_NE(missing.err.find("ResourceNotFoundException"), std::string::npos) << missing.err;
    EXPECT_NE(missing.err.find("Requested resource not found: Table: nope-table not found"),
              std::string::npos)
        << missing.err;
  }
}

TEST_F(CliConformanceTest, TaggingGetResourcesFiltersByTagAndType) {
  clis_ = AwsClisFor({"resourcegroupstaggingapi"});
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult r = Cli(cli, {"resourcegroupstaggingapi", "get-resources", "--tag-filters",
                            "Key=Project,Values=user-journey-analytics", "--resource-type-filters",
                            "dynamodb:table", "--page-size", "1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto& list = r.json["ResourceTagMappingList"];
    ASSERT_EQ(list.size(), 2u) << r.out;
    EXPECT_EQ(list[0]["ResourceARN"],
              "arn:aws:dynamodb:us-east-1:000000000000:table/user-journey-analytics-profiles");
    EXPECT_EQ(list[1]["ResourceARN"],
              "arn:aws:dynamodb:us-east-1:000000000000:table/user-journey-analytics-sessions");

    // An explicit paging parameter turns the CLI's auto-paging off: one page.
    CliResult page =
        Cli(cli, {"resourcegroupstaggingapi", "get-resources", "--resource-type-filters",
                  "dynamodb:table", "--resources-per-page", "1"});
    ASSERT_EQ(page.exit_code, 0) << page.err;
    EXPECT_EQ(page.json["ResourceTagMappingList"].size(), 1u);
    EXPECT_FALSE(page.json["PaginationToken"].get<std::string>().empty());

    CliResult none = Cli(
        cli, {"resourcegroupstaggingapi", "get-resources", "--tag-filters",
              "Key=Project,Values=billing-service", "--resource-type-filters", "dynamodb:table"});
    ASSERT_EQ(none.exit_code, 0) << none.err;
    EXPECT_TRUE(none.json["ResourceTagMappingList"].empty());
  }
}

TEST_F(CliConformanceTest, WrongSecretAndUnknownKeyAreRejected) {
  clis_ = AwsClisFor({"sts", "dynamodb", "s3", "sns"});
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult bad_sig =
        Cli(cli, {"sts", "get-caller-identity"}, {{"AWS_SECRET_ACCESS_KEY", "wrong"}});
    EXPECT_NE(bad_sig.exit_code, 0);
    EXPECT_NE(bad_sig.err.find("SignatureDoesNotMatch"), std::string::npos) << bad_sig.err;
    CliResult bad_key =
        Cli(cli, {"dynamodb", "list-tables"}, {{"AWS_ACCESS_KEY_ID", "AKIANOBODY"}});
    EXPECT_NE(bad_key.exit_code, 0);
    EXPECT_NE(bad_key.err.find("UnrecognizedClientException"), std::string::npos) << bad_key.err;
    CliResult bad_s3 = Cli(cli, {"s3api", "head-object", "--bucket", kBucket, "--key", "k"},
                           {{"AWS_SECRET_ACCESS_KEY", "wrong"}});
    EXPECT_NE(bad_s3.exit_code, 0);
    EXPECT_NE(bad_s3.err.find("403"), std::string::npos) << bad_s3.err;
    CliResult denied = Cli(cli, {"sns", "publish", "--topic-arn", kTopic, "--message", "x"},
                           {{"AWS_ACCESS_KEY_ID", "AKIAREADONLYEXAMPLE"},
                            {"AWS_SECRET_ACCESS_KEY", "readonly-secret-key-example"}});
    EXPECT_NE(denied.err.find("AuthorizationError"), std::string::npos) << denied.err;
  }
}

TEST_F(CliConformanceTest, AssumeRoleCredentialsWork) {
  clis_ = AwsClisFor({"sts"});
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult r =
        Cli(cli, {"sts", "assume-role", "--role-arn", "arn:aws:iam::111122223333:role/operator",
                  "--role-session-name", "arm", "--duration-seconds", "900"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto& c = r.json["Credentials"];
    EXPECT_EQ(r.json["AssumedRoleUser"]["Arn"],
              "arn:aws:sts::111122223333:assumed-role/operator/arm");
    CliResult who = Cli(cli, {"sts", "get-caller-identity"},
                        {{"AWS_ACCESS_KEY_ID", c["AccessKeyId"]},
                         {"AWS_SECRET_ACCESS_KEY", c["SecretAccessKey"]},
                         {"AWS_SESSION_TOKEN", c["SessionToken"]}});
    ASSERT_EQ(who.exit_code, 0) << who.err;
    EXPECT_EQ(who.json["Account"], "111122223333");
    EXPECT_EQ(who.json["Arn"], "arn:aws:sts::111122223333:assumed-role/operator/arm");
  }
}

}  // namespace
}  // namespace arm::testing
