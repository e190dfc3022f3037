#include "tests/testing/aws_cli_models.h"

#include <gtest/gtest.h>

#include "tests/testing/mem_file_system.h"

namespace arm::testing {
namespace {

AwsCliModels V1Models() {
  AwsCliModels m;
  m.cli = {"/v1/aws", "aws-cli/1.45.11 (/v1/aws)"};
  m.newest_api = "2026-02-05";
  m.protocols = {{"cloudwatch", "json"}, {"kinesis", "json"}, {"s3", "rest-xml"}};
  m.data_dir = "/v1/botocore/data";
  return m;
}

AwsCliModels V2Models() {
  AwsCliModels m;
  m.cli = {"/usr/bin/aws", "aws-cli/2.9.19 (/usr/bin/aws)"};
  m.newest_api = "2022-11-28";
  m.protocols = {{"cloudwatch", "query"}, {"kinesis", "json"}, {"s3", "rest-xml"}};
  m.data_dir = "/usr/lib/python3/dist-packages/awscli/botocore/data";
  return m;
}

std::vector<std::string> PathsOf(const std::vector<AwsCli>& clis) {
  std::vector<std::string> paths;
  for (const auto& cli : clis) paths.push_back(cli.path);
  return paths;
}

TEST(AwsCliModelsTest, SameProtocolsRunTheCliWithTheNewestModelsOnly) {
  EXPECT_EQ(PathsOf(ChooseAwsClis({V2Models(), V1Models()}, {"kinesis", "s3"}, false)),
            std::vector<std::string>{"/v1/aws"});
  EXPECT_EQ(PathsOf(ChooseAwsClis({V1Models(), V2Models()}, {"kinesis"}, false)),
            std::vector<std::string>{"/v1/aws"});
}

TEST(AwsCliModelsTest, AProtocolThatDiffersRunsEveryCliInTheirOrder) {
  EXPECT_EQ(PathsOf(ChooseAwsClis({V1Models(), V2Models()}, {"kinesis", "cloudwatch"}, false)),
            (std::vector<std::string>{"/v1/aws", "/usr/bin/aws"}));
}

TEST(AwsCliModelsTest, OneCliPerProtocolAmongMany) {
  AwsCliModels older_v1 = V1Models();
  older_v1.cli.path = "/old/aws";
  older_v1.newest_api = "2024-01-01";
  EXPECT_EQ(PathsOf(ChooseAwsClis({older_v1, V2Models(), V1Models()}, {"cloudwatch"}, false)),
            (std::vector<std::string>{"/usr/bin/aws", "/v1/aws"}));
}

TEST(AwsCliModelsTest, ACliWhoseProtocolIsUnknownAlwaysRuns) {
  AwsCliModels unprobed;
  unprobed.cli = {"/opt/aws", "aws-cli/2.22.0 (/opt/aws)"};
  AwsCliModels other = unprobed;
  other.cli.path = "/opt2/aws";
  EXPECT_EQ(PathsOf(ChooseAwsClis({V1Models(), unprobed, other}, {"kinesis"}, false)),
            (std::vector<std::string>{"/v1/aws", "/opt/aws", "/opt2/aws"}));
  // A service the CLI's models lack is unknown as well.
  EXPECT_EQ(PathsOf(ChooseAwsClis({V1Models(), V2Models()}, {"eks"}, false)),
            (std::vector<std::string>{"/v1/aws", "/usr/bin/aws"}));
}

TEST(AwsCliModelsTest, EveryCliWhenForced) {
  EXPECT_EQ(PathsOf(ChooseAwsClis({V1Models(), V2Models()}, {"kinesis"}, true)),
            (std::vector<std::string>{"/v1/aws", "/usr/bin/aws"}));
  EXPECT_TRUE(ChooseAwsClis({}, {"kinesis"}, false).empty());
}

TEST(AwsCliModelsTest, ParsesTheProbeAndRefusesAnythingElse) {
  auto m = ParseAwsCliProbe("/usr/bin/aws",
                            R"({"version": "2.9.19", "data": "/d", "newest_api": "2022-11-28",)"
                            R"( "protocols": {"cloudwatch": "query", "eks": null}})");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->cli.label, "aws-cli/2.9.19 (/usr/bin/aws)");
  EXPECT_EQ(m->newest_api, "2022-11-28");
  EXPECT_EQ(m->data_dir, "/d");
  EXPECT_EQ(m->protocols, (std::map<std::string, std::string>{{"cloudwatch", "query"}}));
  EXPECT_FALSE(ParseAwsCliProbe("/a", "Traceback (most recent call last):").ok());
  EXPECT_FALSE(ParseAwsCliProbe("/a", R"({"version": 2})").ok());
}

TEST(AwsCliModelsTest, ProbedServicesAreBotocoreNames) {
  for (const auto& service : kAwsCliServices) {
    EXPECT_EQ(service.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos)
        << service;
  }
  EXPECT_NE(std::string(kAwsCliProbeScript).find("resolved_protocol"), std::string::npos);
}

class AwsCliProbeCacheTest : public ::testing::Test {
 protected:
  AwsCliProbeRecord Record() {
    AwsCliProbeRecord r;
    r.paths = {"/v1/aws", "/usr/bin/aws", "/not-a-cli/aws"};
    r.mtimes = {{"/v1/aws", 1}, {"/usr/bin/aws", 2}, {"/v1/botocore/data", 3}};
    r.clis = {V1Models(), V2Models()};
    return r;
  }
  Result<AwsCliProbeRecord> Read(const std::vector<std::string>& paths) {
    return ReadAwsCliProbeCache(fs_, "cache", paths, [this](const std::string& path) {
      auto it = mtimes_.find(path);
      return it == mtimes_.end() ? int64_t{-1} : it->second;
    });
  }
  MemFileSystem fs_;
  std::map<std::string, int64_t> mtimes_ = {
      {"/v1/aws", 1}, {"/usr/bin/aws", 2}, {"/v1/botocore/data", 3}};
};

TEST_F(AwsCliProbeCacheTest, RoundTripsPrivately) {
  EXPECT_TRUE(Read(Record().paths).status().IsNotFound());
  ASSERT_TRUE(WriteAwsCliProbeCache(fs_, "cache", Record()).ok());
  EXPECT_EQ(fs_.DirMode("cache"), 0700);
  EXPECT_EQ(fs_.FileMode(std::string("cache/") + kAwsCliProbeFile), 0600);
  auto read = Read(Record().paths);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->clis.size(), 2u);
  EXPECT_EQ(read->clis[1].cli.label, "aws-cli/2.9.19 (/usr/bin/aws)");
  EXPECT_EQ(read->clis[1].protocols, V2Models().protocols);
  EXPECT_EQ(read->clis[0].newest_api, "2026-02-05");
  EXPECT_EQ(read->clis[0].data_dir, "/v1/botocore/data");
}

TEST_F(AwsCliProbeCacheTest, StaleWhenAFileChangedOrTheClisAreOthers) {
  ASSERT_TRUE(WriteAwsCliProbeCache(fs_, "cache", Record()).ok());
  EXPECT_TRUE(Read({"/v1/aws", "/usr/bin/aws"}).status().IsNotFound());
  mtimes_["/v1/botocore/data"] = 4;  // pip upgraded botocore alone
  EXPECT_TRUE(Read(Record().paths).status().IsNotFound());
  mtimes_["/v1/botocore/data"] = 3;
  mtimes_.erase("/usr/bin/aws");
  EXPECT_TRUE(Read(Record().paths).status().IsNotFound());
  fs_.SetFile(std::string("cache/") + kAwsCliProbeFile, "{not json");
  EXPECT_TRUE(Read(Record().paths).status().IsNotFound());
}

TEST_F(AwsCliProbeCacheTest, NeverThroughASymbolicLink) {
  fs_.SetFile("elsewhere/x", "");
  fs_.SetSymlink("cache", "elsewhere");
  EXPECT_EQ(WriteAwsCliProbeCache(fs_, "cache", Record()).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Read(Record().paths).status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(fs_.Exists(std::string("elsewhere/") + kAwsCliProbeFile));
}

}  // namespace
}  // namespace arm::testing
