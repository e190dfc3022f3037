#include "config/project_config.h"

#include <gtest/gtest.h>

#include "resources/registry.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

using testing::MemFileSystem;

Result<ProjectConfig> Load(MemFileSystem& fs, const MapEnvironment& env,
                           std::vector<std::string>* warnings, bool explicit_path = false) {
  return LoadProjectConfig(fs, env, kDefaultConfigPath, explicit_path, warnings, {},
                           TypeConfigKeys());
}

std::string ErrorFor(const std::string& text, const MapEnvironment& env = MapEnvironment()) {
  MemFileSystem fs;
  fs.SetFile(kDefaultConfigPath, text);
  auto r = Load(fs, env, nullptr);
  EXPECT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return r.ok() ? "" : r.status().message();
}

TEST(ProjectConfigTest, MissingDefaultFileGivesDefaults) {
  MemFileSystem fs;
  std::vector<std::string> warnings;
  auto c = Load(fs, MapEnvironment(), &warnings);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->state_file, "config/aws-resource-state.json");
  EXPECT_TRUE(c->require_confirmation);
  EXPECT_FALSE(c->dry_run_default);
  EXPECT_TRUE(c->parallel_operations);
  EXPECT_EQ(c->max_workers, 10);
  EXPECT_EQ(c->log_level, "info");
  EXPECT_EQ(c->name_prefix, "");
  EXPECT_EQ(c->config_path, "");
  EXPECT_TRUE(warnings.empty());
}

TEST(ProjectConfigTest, MissingExplicitFileIsAnError) {
  MemFileSystem fs;
  auto c = LoadProjectConfig(fs, MapEnvironment(), "my.conf", true, nullptr);
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().message(), "--config my.conf: no such file");
}

TEST(ProjectConfigTest, ReadsEveryTypedKey) {
  MemFileSystem fs;
  fs.SetFile(kDefaultConfigPath,
             "PROJECT_NAME=\"uja\"\nENVIRONMENT=dev\nAWS_REGION=eu-west-1\nAWS_"
             "PROFILE=ops\n"
             "STATE_FILE=/var/lib/arm/state.json\nSTATE_BACKUP_S3_BUCKET=my-bucket\n"
             "SNS_TOPIC_ARN=arn:aws:sns:eu-west-1:111122223333:t\nREQUIRE_CONFIRMATION=no\nDRY_"
             "RUN_DEFAULT=YES\n"
             "PARALLEL_OPERATIONS=0\nMAX_WORKERS=4\nTAG_KEY=Project\nTAG_VALUE=uja\n"
             "SAGEMAKER_ENDPOINTS=\"a, b,,c "
             "a\"\nKINESIS_STREAMS=s1,s2\nLAMBDA_FUNCTIONS='f1 f2'\n"
             "CLOUDWATCH_ALARM_PREFIX=uja-\nDYNAMODB_TABLES=t\nLOG_LEVEL=WARNING\n"
             "KINESIS_ON_DEMAND_TO_PROVISIONED=true\n");
  std::vector<std::string> warnings;
  auto c = Load(fs, MapEnvironment(), &warnings);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->project_name, "uja");
  EXPECT_EQ(c->environment, "dev");
  EXPECT_EQ(c->aws_region, "eu-west-1");
  EXPECT_EQ(c->aws_profile, "ops");
  EXPECT_EQ(c->state_file, "/var/lib/arm/state.json");
  EXPECT_EQ(c->state_backup_s3_bucket, "my-bucket");
  EXPECT_EQ(c->sns_topic_arn, "arn:aws:sns:eu-west-1:111122223333:t");
  EXPECT_FALSE(c->require_confirmation);
  EXPECT_TRUE(c->dry_run_default);
  EXPECT_FALSE(c->parallel_operations);
  EXPECT_EQ(c->max_workers, 4);
  EXPECT_EQ(c->name_prefix, "uja-");
  EXPECT_EQ(c->tag_key, "Project");
  EXPECT_EQ(c->tag_value, "uja");
  EXPECT_EQ(c->TypeValue("SAGEMAKER_ENDPOINTS").names, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(c->TypeValue("KINESIS_STREAMS").names, (std::vector<std::string>{"s1", "s2"}));
  EXPECT_EQ(c->TypeValue("LAMBDA_FUNCTIONS").names, (std::vector<std::string>{"f1", "f2"}));
  EXPECT_EQ(c->TypeValue("CLOUDWATCH_ALARM_PREFIX").text, "uja-");
  EXPECT_EQ(c->TypeValue("DYNAMODB_TABLES").names, std::vector<std::string>{"t"});
  EXPECT_EQ(c->log_level, "warn");
  EXPECT_TRUE(c->TypeValue("KINESIS_ON_DEMAND_TO_PROVISIONED").flag);
  EXPECT_EQ(c->origin["MAX_WORKERS"], "config/aws-resource-manager.conf:11");
  EXPECT_TRUE(warnings.empty());
}

TEST(ProjectConfigTest, EnvironmentOverridesFile) {
  MemFileSystem fs;
  fs.SetFile(kDefaultConfigPath, "PROJECT_NAME=uja\nMAX_WORKERS=4\nNAME_PREFIX=\"\"\n");
  MapEnvironment env(std::map<std::string, std::string>{
      {"MAX_WORKERS", "20"}, {"PROJECT_NAME", ""}, {"LOG_LEVEL", "debug"}});
  auto c = Load(fs, env, nullptr);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->max_workers, 20);
  EXPECT_EQ(c->origin["MAX_WORKERS"], "environment");
  EXPECT_EQ(c->project_name, "uja");  // empty variable = unset
  EXPECT_EQ(c->log_level, "debug");
  EXPECT_EQ(c->name_prefix, "");  // explicitly empty: prefix selection off
}

TEST(ProjectConfigTest, AnEmptyPrefixVariableTurnsThePrefixOff) {
  // NAME_PREFIX= in the environment must not bring back the default
  // "uja-" prefix (which also matches another project's uja-v2-*).
  MemFileSystem fs;
  fs.SetFile(kDefaultConfigPath, "PROJECT_NAME=uja\nLAMBDA_FUNCTIONS=a\n");
  MapEnvironment env(std::map<std::string, std::string>{{"NAME_PREFIX", ""}});
  auto c = Load(fs, env, nullptr);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->name_prefix, "");
  EXPECT_EQ(c->TypeValue("CLOUDWATCH_ALARM_PREFIX").text, "");
  EXPECT_EQ(c->origin["NAME_PREFIX"], "environment");
}

TEST(ProjectConfigTest, TheAlarmPrefixDefaultsToTheNamePrefixAndEmptyMeansNone) {
  MemFileSystem fs;
  fs.SetFile(kDefaultConfigPath, "PROJECT_NAME=uja\n");
  auto c = Load(fs, MapEnvironment(std::map<std::string, std::string>{}), nullptr);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->TypeValue("CLOUDWATCH_ALARM_PREFIX").text, "uja-");
  fs.SetFile(kDefaultConfigPath, "PROJECT_NAME=uja\nCLOUDWATCH_ALARM_PREFIX=\"\"\n");
  c = Load(fs, MapEnvironment(std::map<std::string, std::string>{}), nullptr);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->name_prefix, "uja-");
  EXPECT_EQ(c->TypeValue("CLOUDWATCH_ALARM_PREFIX").text, "");  // never widened to the name prefix
  fs.SetFile(kDefaultConfigPath, "PROJECT_NAME=uja\nCLOUDWATCH_ALARM_PREFIX=uja-alarm-\n");
  c = Load(fs, MapEnvironment(std::map<std::string, std::string>{{"CLOUDWATCH_ALARM_PREFIX", ""}}),
           nullptr);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->TypeValue("CLOUDWATCH_ALARM_PREFIX").text, "");
}

TEST(ProjectConfigTest, TheEnvironmentWinsOverABadFileValue) {
  MemFileSystem fs;
  fs.SetFile(kDefaultConfigPath, "PROJECT_NAME=uja\nMAX_WORKERS=abc\nLOG_LEVEL=loud\n");
  MapEnvironment env(
      std::map<std::string, std::string>{{"MAX_WORKERS", "5"}, {"LOG_LEVEL", "warn"}});
  auto c = Load(fs, env, nullptr);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->max_workers, 5);
  EXPECT_EQ(c->log_level, "warn");
  // Without the variable the file's bad value is still an error.
  EXPECT_FALSE(Load(fs, MapEnvironment(std::map<std::string, std::string>{}), nullptr).ok());
}

TEST(ProjectConfigTest, UnknownAndRepeatedKeysWarn) {
  MemFileSystem fs;
  fs.SetFile(kDefaultConfigPath, "COLOR=blue\nPROJECT_NAME=a\nPROJECT_NAME=b\n");
  std::vector<std::string> warnings;
  auto c = Load(fs, MapEnvironment(), &warnings);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->project_name, "b");
  EXPECT_EQ(
      warnings,
      (std::vector<std::string>{
          "config/aws-resource-manager.conf:1: unknown key COLOR; ignored",
          "config/aws-resource-manager.conf:3: PROJECT_NAME is also set on line 2; this later "
          "value wins"}));
}

// A misspelt key would silently change what is managed.
TEST(ProjectConfigTest, NearMissOfAKnownKeyIsAnError) {
  EXPECT_EQ(ErrorFor("PROJECT_NAME=x\nMAX_WORKER=3\n"),
            "config/aws-resource-manager.conf:2: unknown key MAX_WORKER (did you mean "
            "MAX_WORKERS?); correct the "
            "name or remove the line");
  EXPECT_EQ(ErrorFor("project_name=x\n"),
            "config/aws-resource-manager.conf:1: unknown key project_name (did you mean "
            "PROJECT_NAME?); correct "
            "the name or remove the line");
}

TEST(ProjectConfigTest, WrongTypesFailWithOneLineMessage) {
  EXPECT_EQ(ErrorFor("MAX_WORKERS=abc\n"),
            "config/aws-resource-manager.conf:1: MAX_WORKERS must be an "
            "integer from 1 to 256, got \"abc\"");
  EXPECT_EQ(ErrorFor("\nMAX_WORKERS=0\n"),
            "config/aws-resource-manager.conf:2: MAX_WORKERS must be an "
            "integer from 1 to 256, got \"0\"");
  EXPECT_EQ(ErrorFor("MAX_WORKERS=10000\n"),
            "config/aws-resource-manager.conf:1: MAX_WORKERS must be an "
            "integer from 1 to 256, got \"10000\"");
  EXPECT_EQ(ErrorFor("MAX_WORKERS=\"4 \"\n"),
            "config/aws-resource-manager.conf:1: MAX_WORKERS must be an "
            "integer from 1 to 256, got \"4 \"");
  EXPECT_EQ(ErrorFor("REQUIRE_CONFIRMATION=maybe\n"),
            "config/aws-resource-manager.conf:1: REQUIRE_CONFIRMATION must be "
            "true or false (or yes/no, 1/0), "
            "got \"maybe\"");
  EXPECT_EQ(ErrorFor("LOG_LEVEL=loud\n"),
            "config/aws-resource-manager.conf:1: LOG_LEVEL must be one of "
            "trace, debug, info, warn, error, off, "
            "got \"loud\"");
  EXPECT_EQ(ErrorFor("AWS_REGION=US East\n"),
            "config/aws-resource-manager.conf:1: unquoted space in the value; "
            "put the value in quotes: "
            "KEY=\"a b\"");
  EXPECT_EQ(ErrorFor("AWS_REGION=\"US East\"\n"),
            "config/aws-resource-manager.conf:1: AWS_REGION must be a region "
            "name like us-east-1, got \"US East\"");
  EXPECT_EQ(ErrorFor("STATE_BACKUP_S3_BUCKET=s3://b\n"),
            "config/aws-resource-manager.conf:1: STATE_BACKUP_S3_BUCKET must "
            "be a bucket name only (no s3:// "
            "and no path), got \"s3://b\"");
  EXPECT_EQ(ErrorFor("SNS_TOPIC_ARN=my-topic\n"),
            "config/aws-resource-manager.conf:1: SNS_TOPIC_ARN must be an SNS "
            "topic ARN "
            "(arn:aws:sns:REGION:ACCOUNT:NAME), got \"my-topic\"");
  // What an IAM policy would read as a wildcard (iam-policy scopes to them).
  EXPECT_EQ(ErrorFor("STATE_BACKUP_S3_BUCKET=*\n"),
            "config/aws-resource-manager.conf:1: STATE_BACKUP_S3_BUCKET is not an S3 bucket name "
            "(3 to 63 "
            "lower-case letters, digits, dots and hyphens, starting and ending with a letter or "
            "digit), got \"*\"");
  EXPECT_NE(ErrorFor("STATE_BACKUP_S3_BUCKET=My_Bucket\n"), "");
  EXPECT_NE(ErrorFor("SNS_TOPIC_ARN=arn:aws:sns:us-east-1:111122223333:*\n"), "");
  EXPECT_NE(ErrorFor("SNS_TOPIC_ARN=arn:aws:sns:us-east-1:*:ops\n"), "");
  EXPECT_NE(ErrorFor("SNS_TOPIC_ARN=arn:aws:s3:us-east-1:111122223333:ops\n"), "");
  {
    MemFileSystem fs;
    fs.SetFile(kDefaultConfigPath,
               "SNS_TOPIC_ARN=arn:aws-cn:sns:cn-north-1:111122223333:ops-alerts.fifo\n");
    EXPECT_TRUE(Load(fs, MapEnvironment(), nullptr).ok());
  }
  EXPECT_EQ(ErrorFor("STATE_FILE=\"\"\n"),
            "config/aws-resource-manager.conf:1: STATE_FILE must not be empty");
  EXPECT_EQ(ErrorFor("TAG_VALUE=x\n"),
            "config/aws-resource-manager.conf:1: TAG_VALUE is set but TAG_KEY "
            "is not; set both to select by tag");
  const std::string key_alone =
      "TAG_KEY is set but TAG_VALUE is not (a key alone would select every "
      "resource carrying it, other projects' too); set both to select by tag";
  EXPECT_EQ(ErrorFor("TAG_KEY=Project\n"), "config/aws-resource-manager.conf:1: " + key_alone);
  EXPECT_EQ(
      ErrorFor("", MapEnvironment(std::map<std::string, std::string>{{"TAG_KEY", "Project"}})),
      "environment: " + key_alone);
  EXPECT_EQ(ErrorFor("", MapEnvironment(std::map<std::string, std::string>{{"MAX_WORKERS", "-1"}})),
            "environment: MAX_WORKERS must be an integer from 1 to 256, got \"-1\"");
  EXPECT_EQ(ErrorFor("A B\n"),
            "config/aws-resource-manager.conf:1: expected KEY=\"value\", got 'A B'");
}

TEST(ProjectConfigTest, SetConfigValueServesFlags) {
  ProjectConfig c;
  EXPECT_TRUE(SetConfigValue(&c, "LOG_LEVEL", "DEBUG", "--log-level").ok());
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_EQ(SetConfigValue(&c, "LOG_LEVEL", "x", "--log-level").message(),
            "--log-level: LOG_LEVEL must be one of trace, debug, info, warn, "
            "error, off, got \"x\"");
}

TEST(ProjectConfigTest, ShippedFilesParseWithoutWarnings) {
  RealFileSystem fs;
  for (const char* name : {"config/aws-resource-manager.conf.example", "config/demo.conf"}) {
    std::vector<std::string> warnings;
    auto c = LoadProjectConfig(fs, MapEnvironment(), testing::SourceDir() + "/" + name, true,
                               &warnings, {}, TypeConfigKeys());
    ASSERT_TRUE(c.ok()) << name << ": " << c.status().ToString();
    EXPECT_TRUE(warnings.empty()) << name << ": " << warnings.front();
  }
  std::vector<std::string> warnings;
  auto demo = LoadProjectConfig(fs, MapEnvironment(), testing::SourceDir() + "/config/demo.conf",
                                true, &warnings, {}, TypeConfigKeys());
  ASSERT_TRUE(demo.ok());
  EXPECT_EQ(demo->project_name, "user-journey-analytics");
  EXPECT_EQ(demo->environment, "demo");
  EXPECT_EQ(demo->aws_region, "us-east-1");
  // Off: the prefix would also select user-journey-analytics-v2-*.
  EXPECT_EQ(demo->name_prefix, "");
  EXPECT_EQ(demo->TypeValue("CLOUDWATCH_ALARM_PREFIX").text, "user-journey-analytics-");
  EXPECT_EQ(demo->TypeValue("KINESIS_STREAMS").names,
            std::vector<std::string>{"user-journey-analytics-user-events"});
  EXPECT_EQ(demo->TypeValue("LAMBDA_FUNCTIONS").names,
            (std::vector<std::string>{"event_processor", "intervention-executor"}));
  EXPECT_EQ(demo->TypeValue("CLOUDWATCH_ALARM_PREFIX").text, "user-journey-analytics-");
}

TEST(ProjectConfigTest, ExampleDocumentsEveryKey) {
  RealFileSystem fs;
  auto text = fs.ReadFile(testing::SourceDir() + "/config/aws-resource-manager.conf.example");
  ASSERT_TRUE(text.ok());
  for (const auto& key : ProjectConfigKeys()) {
    EXPECT_NE(text->find(key + "="), std::string::npos) << key;
  }
  for (const auto& key : TypeConfigKeys()) {
    EXPECT_NE(text->find(key.name + "="), std::string::npos) << key.name;
  }
}

TEST(ProjectConfigTest, SuggestsNearbyKeysOnly) {
  EXPECT_EQ(SuggestConfigKey("AWS_REGON"), "AWS_REGION");
  EXPECT_EQ(SuggestConfigKey("lambda_function", TypeConfigKeys()), "LAMBDA_FUNCTIONS");
  EXPECT_EQ(SuggestConfigKey("ZZZ"), "");
}

}  // namespace
}  // namespace arm

namespace arm {
namespace {

TEST(ProjectConfigFlagsTest, AFlagWinsOverABadFileOrEnvironmentValueOfItsKeyOnly) {
  testing::MemFileSystem fs;
  fs.SetFile(kDefaultConfigPath, "PROJECT_NAME=\"p\"\nMAX_WORKERS=abc\nDRY_RUN_DEFAULT=perhaps\n");
  MapEnvironment env(std::map<std::string, std::string>{{"LOG_LEVEL", "loud"}});
  std::vector<FlagSetting> flags = {{"MAX_WORKERS", "5", "--max-workers"},
                                    {"DRY_RUN_DEFAULT", "false", "--no-dry-run"},
                                    {"LOG_LEVEL", "debug", "--log-level"}};
  auto c = LoadProjectConfig(fs, env, kDefaultConfigPath, false, nullptr, flags);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->max_workers, 5);
  EXPECT_FALSE(c->dry_run_default);
  EXPECT_EQ(c->log_level, "debug");
  EXPECT_EQ(c->origin.at("MAX_WORKERS"), "--max-workers");
  EXPECT_EQ(c->project_name, "p");

  // Without the flag for one of them, that bad value is refused.
  flags.erase(flags.begin());
  auto refused = LoadProjectConfig(fs, env, kDefaultConfigPath, false, nullptr, flags);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("MAX_WORKERS"), std::string::npos);
  EXPECT_NE(refused.status().message().find(std::string(kDefaultConfigPath) + ":2"),
            std::string::npos);
}

TEST(ProjectConfigFlagsTest, AFlagWinsOverAGoodValueAndABadFlagValueIsNamed) {
  testing::MemFileSystem fs;
  fs.SetFile(kDefaultConfigPath, "PROJECT_NAME=\"p\"\nDRY_RUN_DEFAULT=true\nSTATE_FILE=\"\"\n");
  auto c = LoadProjectConfig(
      fs, MapEnvironment(), kDefaultConfigPath, false, nullptr,
      {{"DRY_RUN_DEFAULT", "false", "--no-dry-run"}, {"STATE_FILE", "/s.json", "--state-file"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FALSE(c->dry_run_default);
  EXPECT_EQ(c->state_file, "/s.json");
  auto bad = LoadProjectConfig(
      fs, MapEnvironment(), kDefaultConfigPath, false, nullptr,
      {{"STATE_FILE", "/s.json", "--state-file"}, {"LOG_LEVEL", "loud", "--log-level"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind("--log-level: LOG_LEVEL", 0), 0u)
      << bad.status().message();
}

}  // namespace
}  // namespace arm
