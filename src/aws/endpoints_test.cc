#include "aws/endpoints.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace arm {
namespace {

EndpointConfig Config(std::string region, std::string flag = "", std::string profile = "",
                      bool ignore = false) {
  EndpointConfig c;
  c.region = std::move(region);
  c.endpoint_url_flag = std::move(flag);
  c.profile_endpoint_url = std::move(profile);
  c.ignore_configured_endpoint_urls = ignore;
  return c;
}

using Vars = std::map<std::string, std::string>;

Endpoint ResolveOk(const EndpointConfig& config, const Environment& env,
                   const ServiceSpec& service) {
  EndpointResolver resolver(config, env);
  Result<Endpoint> ep = resolver.Resolve(service);
  EXPECT_TRUE(ep.ok()) << ep.status().ToString();
  return ep.ok() ? *ep : Endpoint{};
}

std::string DefaultHost(std::string region, const ServiceSpec& service) {
  MapEnvironment env;
  EndpointConfig config;
  config.region = std::move(region);
  return ResolveOk(config, env, service).host;
}

TEST(EndpointsTest, DefaultHostsFollowEndpointPrefixAndRegion) {
  EXPECT_EQ(DefaultHost("eu-west-1", services::kKinesis), "kinesis.eu-west-1.amazonaws.com");
  EXPECT_EQ(DefaultHost("eu-west-1", services::kSageMaker),
            "api.sagemaker.eu-west-1.amazonaws.com");
  EXPECT_EQ(DefaultHost("eu-west-1", services::kCloudWatch), "monitoring.eu-west-1.amazonaws.com");
  EXPECT_EQ(DefaultHost("eu-west-1", services::kTagging), "tagging.eu-west-1.amazonaws.com");
  EXPECT_EQ(DefaultHost("us-east-1", services::kSts), "sts.us-east-1.amazonaws.com");
  EXPECT_EQ(DefaultHost("us-east-1", services::kS3), "s3.us-east-1.amazonaws.com");
  EXPECT_EQ(DefaultHost("us-west-2", services::kAutoScaling),
            "application-autoscaling.us-west-2.amazonaws.com");
  EXPECT_EQ(DefaultHost("ap-south-1", services::kDynamoDb), "dynamodb.ap-south-1.amazonaws.com");
}

TEST(EndpointsTest, DefaultEndpointIsHttpsAndNotOverridden) {
  MapEnvironment env;
  Endpoint ep = ResolveOk(Config("us-east-1"), env, services::kLambda);
  EXPECT_EQ(ep.scheme, "https");
  EXPECT_EQ(ep.host, "lambda.us-east-1.amazonaws.com");
  EXPECT_EQ(ep.base_path, "");
  EXPECT_FALSE(ep.overridden);
}

TEST(EndpointsTest, ChinaRegionsUseTheCnSuffix) {
  EXPECT_EQ(DefaultHost("cn-north-1", services::kKinesis), "kinesis.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(DefaultHost("cn-northwest-1", services::kS3), "s3.cn-northwest-1.amazonaws.com.cn");
}

TEST(EndpointsTest, EnvSuffixUpperCasesAndReplacesSpaces) {
  EXPECT_EQ(EndpointEnvSuffix("Application Auto Scaling"), "APPLICATION_AUTO_SCALING");
  EXPECT_EQ(EndpointEnvSuffix("Resource Groups Tagging API"), "RESOURCE_GROUPS_TAGGING_API");
  EXPECT_EQ(EndpointEnvSuffix("SageMaker"), "SAGEMAKER");
  EXPECT_EQ(EndpointEnvSuffix("S3"), "S3");
}

TEST(EndpointsTest, FlagBeatsEveryOtherSource) {
  MapEnvironment env(Vars{{"AWS_ENDPOINT_URL_KINESIS", "http://service-env:1"},
                          {"AWS_ENDPOINT_URL", "http://global-env:2"}});
  EndpointConfig config = Config("us-east-1", "http://flag:3", "http://profile:4");
  Endpoint ep = ResolveOk(config, env, services::kKinesis);
  EXPECT_EQ(ep.host, "flag:3");
  EXPECT_EQ(ep.scheme, "http");
  EXPECT_TRUE(ep.overridden);
}

TEST(EndpointsTest, ServiceEnvBeatsGlobalEnvBeatsProfile) {
  MapEnvironment env(Vars{{"AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING", "http://aas:1"},
                          {"AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API", "http://tagging:5"},
                          {"AWS_ENDPOINT_URL", "http://global:2"}});
  EndpointConfig config = Config("us-east-1", "", "http://profile:4");
  EXPECT_EQ(ResolveOk(config, env, services::kAutoScaling).host, "aas:1");
  EXPECT_EQ(ResolveOk(config, env, services::kTagging).host, "tagging:5");
  EXPECT_EQ(ResolveOk(config, env, services::kKinesis).host, "global:2");
  env.Unset("AWS_ENDPOINT_URL");
  EXPECT_EQ(ResolveOk(config, env, services::kKinesis).host, "profile:4");
}

TEST(EndpointsTest, EmptyEnvValuesCountAsUnset) {
  MapEnvironment env(Vars{{"AWS_ENDPOINT_URL_KINESIS", ""}, {"AWS_ENDPOINT_URL", ""}});
  EndpointConfig config = Config("us-east-1", "", "http://profile:4");
  EXPECT_EQ(ResolveOk(config, env, services::kKinesis).host, "profile:4");
}

TEST(EndpointsTest, IgnoreConfiguredUrlsSkipsEnvAndProfileButNotTheFlag) {
  MapEnvironment env(Vars{{"AWS_ENDPOINT_URL_KINESIS", "http://service-env:1"},
                          {"AWS_ENDPOINT_URL", "http://global-env:2"}});
  EndpointConfig config = Config("us-east-1", "", "http://profile:4", /*ignore=*/true);
  Endpoint ep = ResolveOk(config, env, services::kKinesis);
  EXPECT_EQ(ep.host, "kinesis.us-east-1.amazonaws.com");
  EXPECT_FALSE(ep.overridden);

  config.endpoint_url_flag = "http://flag:3";
  EXPECT_EQ(ResolveOk(config, env, services::kKinesis).host, "flag:3");
}

TEST(EndpointsTest, IgnoreConfiguredUrlsIsAlsoReadFromTheEnvironment) {
  MapEnvironment env(Vars{{"AWS_ENDPOINT_URL", "http://global-env:2"},
                          {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "True"}});
  EXPECT_EQ(ResolveOk(Config("us-east-1"), env, services::kSns).host,
            "sns.us-east-1.amazonaws.com");
  env.Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");
  EXPECT_EQ(ResolveOk(Config("us-east-1"), env, services::kSns).host, "global-env:2");
}

TEST(EndpointsTest, OverrideUrlKeepsPortAndBasePath) {
  MapEnvironment env;
  Endpoint ep =
      ResolveOk(Config("us-east-1", "HTTP://LocalHost:4566/base/path/"), env, services::kS3);
  EXPECT_EQ(ep.scheme, "http");
  EXPECT_EQ(ep.host, "localhost:4566");
  EXPECT_EQ(ep.base_path, "/base/path");
  EXPECT_TRUE(ep.overridden);
}

TEST(EndpointsTest, OverrideUrlDropsDefaultPortAndTrailingSlash) {
  MapEnvironment env;
  Endpoint https = ResolveOk(Config("us-east-1", "https://example.com:443/"), env, services::kS3);
  EXPECT_EQ(https.host, "example.com");
  EXPECT_EQ(https.base_path, "");
  Endpoint http = ResolveOk(Config("us-east-1", "http://127.0.0.1:80"), env, services::kS3);
  EXPECT_EQ(http.host, "127.0.0.1");
  Endpoint v6 = ResolveOk(Config("us-east-1", "http://[::1]:4566"), env, services::kS3);
  EXPECT_EQ(v6.host, "[::1]:4566");
}

TEST(EndpointsTest, RejectsMalformedOverrideUrls) {
  MapEnvironment env;
  for (const char* url : {"ftp://example.com", "localhost:4566", "http://", "http://host:abc",
                          "http://host:0", "http://host:70000", "http://host/x?y=1",
                          "http://user:pw@host", "http://ho st", "http://[::1"}) {
    EndpointResolver resolver(Config("us-east-1", url), env);
    Result<Endpoint> ep = resolver.Resolve(services::kKinesis);
    ASSERT_FALSE(ep.ok()) << url;
    EXPECT_EQ(ep.status().code(), StatusCode::kInvalidArgument) << url;
    EXPECT_NE(ep.status().message().find(url), std::string::npos) << ep.status().message();
    EXPECT_NE(ep.status().message().find("--endpoint-url"), std::string::npos)
        << ep.status().message();
  }
}

TEST(EndpointsTest, UnsupportedSchemeErrorNamesTheSchemeAndSource) {
  MapEnvironment env(Vars{{"AWS_ENDPOINT_URL_KINESIS", "ftp://example.com"}});
  EndpointResolver resolver(Config("us-east-1"), env);
  Result<Endpoint> ep = resolver.Resolve(services::kKinesis);
  ASSERT_FALSE(ep.ok());
  EXPECT_EQ(ep.status().message(),
            "invalid endpoint URL \"ftp://example.com\" from "
            "AWS_ENDPOINT_URL_KINESIS: scheme must be http or "
            "https, not \"ftp\"");
}

TEST(EndpointsTest, EmptyRegionIsAnErrorThatSaysHowToSetIt) {
  MapEnvironment env;
  EndpointResolver resolver({}, env);
  Result<Endpoint> ep = resolver.Resolve(services::kKinesis);
  ASSERT_FALSE(ep.ok());
  EXPECT_EQ(ep.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(ep.status().message().find("--region"), std::string::npos);
}

TEST(EndpointsTest, MalformedRegionIsRejectedEvenWithAnOverride) {
  MapEnvironment env;
  for (const char* region : {"us east 1", "US-EAST-1", "us-east-1.evil.com", "us-east-1/",
                             "-us-east-1", "us-east-", "1us-east-1", "us--east-1"}) {
    EndpointResolver resolver(Config(region, "http://localhost:4566"), env);
    Result<Endpoint> ep = resolver.Resolve(services::kKinesis);
    ASSERT_FALSE(ep.ok()) << region;
    EXPECT_EQ(ep.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(ep.status().message().find(std::string("\"") + region + "\""), std::string::npos);
    EXPECT_NE(ep.status().message().find("us-east-1"), std::string::npos);
    EXPECT_EQ(ep.status().message().find('\n'), std::string::npos);
  }
}

TEST(EndpointsTest, AcceptsRealRegionNames) {
  for (const char* region : {"us-east-1", "us-gov-west-1", "cn-north-1", "ap-southeast-4",
                             "il-central-1", "us-iso-east-1", "eu-central-2"}) {
    MapEnvironment env;
    EndpointResolver resolver(Config(region), env);
    EXPECT_TRUE(resolver.Resolve(services::kSts).ok()) << region;
  }
}

}  // namespace
}  // namespace arm
