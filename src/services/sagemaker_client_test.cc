#include "services/sagemaker_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

class SageMakerClientTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  SageMakerClient sm_{env_.client()};
};

TEST_F(SageMakerClientTest, ListEndpointsFollowsEveryPage) {
  env_.EnqueueJson(
      {{"Endpoints",
        {{{"EndpointName", "a"}, {"EndpointArn", "arn:a"}, {"EndpointStatus", "InService"}}}},
       {"NextToken", "t1"}});
  env_.EnqueueJson(
      {{"Endpoints",
        {{{"EndpointName", "b"}, {"EndpointArn", "arn:b"}, {"EndpointStatus", "Failed"}}}}});

  auto r = sm_.ListEndpoints("prod");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].name, "a");
  EXPECT_EQ((*r)[0].arn, "arn:a");
  EXPECT_EQ((*r)[0].status, "InService");
  EXPECT_EQ((*r)[1].status, "Failed");

  ASSERT_EQ(env_.requests().size(), 2u);
  EXPECT_EQ(env_.request(0).method, "POST");
  EXPECT_EQ(env_.request(0).path, "/");
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.ListEndpoints");
  EXPECT_EQ(env_.Header(0, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(env_.JsonBody(0), (json{{"MaxResults", 100}, {"NameContains", "prod"}}));
  EXPECT_EQ(env_.JsonBody(1),
            (json{{"MaxResults", 100}, {"NameContains", "prod"}, {"NextToken", "t1"}}));
}

TEST_F(SageMakerClientTest, ListEndpointsWithoutFilterSendsNoNameContains) {
  env_.EnqueueJson({{"Endpoints", json::array()}});
  auto r = sm_.ListEndpoints();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(env_.JsonBody(0), (json{{"MaxResults", 100}}));
}

TEST_F(SageMakerClientTest, DescribeEndpointParsesVariants) {
  env_.EnqueueJson(
      {{"EndpointName", "ep"},
       {"EndpointArn", "arn:ep"},
       {"EndpointConfigName", "cfg"},
       {"EndpointStatus", "Failed"},
       {"FailureReason", "capacity"},
       {"ProductionVariants",
        {{{"VariantName", "v1"}, {"CurrentInstanceCount", 2}, {"DesiredInstanceCount", 3}},
         {{"VariantName", "serverless"}}}}});
  auto r = sm_.DescribeEndpoint("ep");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.DescribeEndpoint");
  EXPECT_EQ(env_.JsonBody(0), (json{{"EndpointName", "ep"}}));
  EXPECT_EQ(r->name, "ep");
  EXPECT_EQ(r->arn, "arn:ep");
  EXPECT_EQ(r->config_name, "cfg");
  EXPECT_EQ(r->status, "Failed");
  EXPECT_EQ(r->failure_reason, "capacity");
  ASSERT_EQ(r->variants.size(), 2u);
  EXPECT_EQ(r->variants[0].variant_name, "v1");
  EXPECT_EQ(r->variants[0].current_instance_count, 2);
  EXPECT_EQ(r->variants[0].desired_instance_count, 3);
  EXPECT_EQ(r->variants[1].current_instance_count, 0);
}

TEST_F(SageMakerClientTest, MissingEndpointIsNotFoundWithAwsCodeKept) {
  env_.EnqueueJsonError(400, "ValidationException",
                        "Could not find endpoint \"arn:aws:sagemaker:x\".");
  auto r = sm_.DescribeEndpoint("gone");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound());
  EXPECT_TRUE(r.status().IsAws("ValidationException"));
}

TEST_F(SageMakerClientTest, OtherValidationErrorsAreNotNotFound) {
  env_.EnqueueJsonError(400, "ValidationException", "Name is too long");
  auto r = sm_.DescribeEndpoint("x");
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.status().IsNotFound());
  EXPECT_TRUE(r.status().IsAws("ValidationException"));
}

TEST_F(SageMakerClientTest, CreateEndpointSendsConfigAndTagsAndFillsStats) {
  env_.EnqueueJson({{"EndpointArn", "arn:ep"}});
  CallStats stats;
  Status s = sm_.CreateEndpoint("ep", "cfg", {{"owner", "ml"}, {"env", "dev"}}, &stats);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.CreateEndpoint");
  EXPECT_EQ(
      env_.JsonBody(0),
      (json{{"EndpointName", "ep"},
            {"EndpointConfigName", "cfg"},
            {"Tags", {{{"Key", "owner"}, {"Value", "ml"}}, {{"Key", "env"}, {"Value", "dev"}}}}}));
  EXPECT_EQ(stats.attempts, 1);
  EXPECT_EQ(stats.request_id, "req-1");
}

TEST_F(SageMakerClientTest, CreateEndpointWithoutTagsOmitsTags) {
  env_.EnqueueJson(json::object());
  ASSERT_TRUE(sm_.CreateEndpoint("ep", "cfg", {}).ok());
  EXPECT_EQ(env_.JsonBody(0), (json{{"EndpointName", "ep"}, {"EndpointConfigName", "cfg"}}));
}

TEST_F(SageMakerClientTest, DeleteEndpointOfMissingEndpointIsNotFound) {
  env_.EnqueueJsonError(400, "ValidationException", "Could not find endpoint \"ep\".");
  Status s = sm_.DeleteEndpoint("ep");
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.DeleteEndpoint");
  EXPECT_EQ(env_.JsonBody(0), (json{{"EndpointName", "ep"}}));
}

TEST_F(SageMakerClientTest, DescribeEndpointConfigParsesVariants) {
  env_.EnqueueJson({{"EndpointConfigName", "cfg"},
                    {"EndpointConfigArn", "arn:cfg"},
                    {"ProductionVariants",
                     {{{"VariantName", "v1"},
                       {"ModelName", "m1"},
                       {"InstanceType", "ml.m5.large"},
                       {"InitialInstanceCount", 2},
                       {"InitialVariantWeight", 0.5}},
                      {{"VariantName", "v2"},
                       {"ModelName", "m2"},
                       {"ServerlessConfig", {{"MemorySizeInMB", 2048}, {"MaxConcurrency", 5}}}}}}});
  auto r = sm_.DescribeEndpointConfig("cfg");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.DescribeEndpointConfig");
  EXPECT_EQ(env_.JsonBody(0), (json{{"EndpointConfigName", "cfg"}}));
  EXPECT_EQ(r->name, "cfg");
  EXPECT_EQ(r->arn, "arn:cfg");
  ASSERT_EQ(r->variants.size(), 2u);
  EXPECT_EQ(r->variants[0].model_name, "m1");
  EXPECT_EQ(r->variants[0].instance_type, "ml.m5.large");
  EXPECT_EQ(r->variants[0].initial_instance_count, 2);
  EXPECT_DOUBLE_EQ(r->variants[0].initial_weight, 0.5);
  EXPECT_FALSE(r->variants[0].serverless);
  EXPECT_TRUE(r->variants[1].serverless);
  EXPECT_EQ(r->variants[1].serverless_memory_mb, 2048);
  EXPECT_EQ(r->variants[1].serverless_max_concurrency, 5);
  EXPECT_DOUBLE_EQ(r->variants[1].initial_weight, 1.0);
}

TEST_F(SageMakerClientTest, DescribeModelIsOkWhenPresentNotFoundWhenMissing) {
  env_.EnqueueJson({{"ModelName", "m"}});
  EXPECT_TRUE(sm_.DescribeModel("m").ok());
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.DescribeModel");
  EXPECT_EQ(env_.JsonBody(0), (json{{"ModelName", "m"}}));

  env_.EnqueueJsonError(400, "ValidationException", "Could not find model \"arn:m\".");
  EXPECT_TRUE(sm_.DescribeModel("m").IsNotFound());
}

TEST_F(SageMakerClientTest, ListTagsFollowsEveryPage) {
  env_.EnqueueJson({{"Tags", {{{"Key", "a"}, {"Value", "1"}}}}, {"NextToken", "n"}});
  env_.EnqueueJson({{"Tags", {{{"Key", "b"}, {"Value", "2"}}}}});
  auto r = sm_.ListTags("arn:ep");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].key, "a");
  EXPECT_EQ((*r)[1].value, "2");
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.ListTags");
  EXPECT_EQ(env_.JsonBody(0), (json{{"ResourceArn", "arn:ep"}}));
  EXPECT_EQ(env_.JsonBody(1), (json{{"ResourceArn", "arn:ep"}, {"NextToken", "n"}}));
}

TEST_F(SageMakerClientTest, AddTagsSendsTagList) {
  env_.EnqueueJson({{"Tags", json::array()}});
  ASSERT_TRUE(sm_.AddTags("arn:ep", {{"k", "v"}}).ok());
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.AddTags");
  EXPECT_EQ(env_.JsonBody(0),
            (json{{"ResourceArn", "arn:ep"}, {"Tags", {{{"Key", "k"}, {"Value", "v"}}}}}));
}

TEST_F(SageMakerClientTest, UnexpectedShapeIsAnErrorNotAnException) {
  env_.EnqueueJson({{"EndpointName", 42}});
  auto r = sm_.DescribeEndpoint("ep");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsAws("MalformedResponse"));
}

TEST_F(SageMakerClientTest, ListNotebookInstancesFollowsEveryPage) {
  env_.EnqueueJson({{"NotebookInstances",
                     {{{"NotebookInstanceName", "nb-a"},
                       {"NotebookInstanceArn", "arn:nb-a"},
                       {"NotebookInstanceStatus", "InService"},
                       {"InstanceType", "ml.t3.medium"}}}},
                    {"NextToken", "n1"}});
  env_.EnqueueJson({{"NotebookInstances",
                     {{{"NotebookInstanceName", "nb-b"},
                       {"NotebookInstanceArn", "arn:nb-b"},
                       {"NotebookInstanceStatus", "Stopped"}}}}});
  auto r = sm_.ListNotebookInstances("nb-");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].name, "nb-a");
  EXPECT_EQ((*r)[0].instance_type, "ml.t3.medium");
  EXPECT_EQ((*r)[1].status, "Stopped");
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.ListNotebookInstances");
  EXPECT_EQ(env_.JsonBody(0), (json{{"MaxResults", 100}, {"NameContains", "nb-"}}));
  EXPECT_EQ(env_.JsonBody(1),
            (json{{"MaxResults", 100}, {"NameContains", "nb-"}, {"NextToken", "n1"}}));
}

TEST_F(SageMakerClientTest, DescribeNotebookInstanceReadsStatusTypeAndVolume) {
  env_.EnqueueJson({{"NotebookInstanceName", "nb"},
                    {"NotebookInstanceArn", "arn:nb"},
                    {"NotebookInstanceStatus", "Failed"},
                    {"FailureReason", "Insufficient capacity"},
                    {"InstanceType", "ml.t3.medium"},
                    {"VolumeSizeInGB", 20}});
  auto r = sm_.DescribeNotebookInstance("nb");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.DescribeNotebookInstance");
  EXPECT_EQ(env_.JsonBody(0), (json{{"NotebookInstanceName", "nb"}}));
  EXPECT_EQ(r->status, "Failed");
  EXPECT_EQ(r->failure_reason, "Insufficient capacity");
  EXPECT_EQ(r->instance_type, "ml.t3.medium");
  EXPECT_EQ(r->volume_size_gb, 20);
}

TEST_F(SageMakerClientTest, MissingNotebookInstanceIsNotFound) {
  env_.EnqueueJsonError(400, "ValidationException", "RecordNotFound");
  auto r = sm_.DescribeNotebookInstance("gone");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound());
  EXPECT_TRUE(r.status().IsAws("ValidationException"));
}

TEST_F(SageMakerClientTest, StopAndStartNotebookInstanceNameIt) {
  env_.EnqueueJson(json::object());
  env_.EnqueueJsonError(400, "ValidationException",
                        "Status (InService) not in ([Stopped, Failed]). Unable to transition to "
                        "(Pending) for Notebook Instance (arn:nb).");
  ASSERT_TRUE(sm_.StopNotebookInstance("nb").ok());
  Status s = sm_.StartNotebookInstance("nb");
  EXPECT_TRUE(s.IsAws("ValidationException"));
  EXPECT_FALSE(s.IsNotFound());
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.StopNotebookInstance");
  EXPECT_EQ(env_.Header(1, "X-Amz-Target"), "SageMaker.StartNotebookInstance");
  EXPECT_EQ(env_.JsonBody(1), (json{{"NotebookInstanceName", "nb"}}));
}

}  // namespace
}  // namespace arm
