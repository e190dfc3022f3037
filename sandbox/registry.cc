#include "sandbox/registry.h"

#include "sandbox/asg_handler.h"
#include "sandbox/autoscaling_handler.h"
#include "sandbox/cloudwatch_handler.h"
#include "sandbox/dynamodb_handler.h"
#include "sandbox/ec2_handler.h"
#include "sandbox/ecs_handler.h"
#include "sandbox/eks_handler.h"
#include "sandbox/kinesis_handler.h"
#include "sandbox/lambda_handler.h"
#include "sandbox/rds_handler.h"
#include "sandbox/s3_handler.h"
#include "sandbox/sagemaker_handler.h"
#include "sandbox/sns_handler.h"
#include "sandbox/sts_handler.h"
#include "sandbox/tagging_handler.h"

namespace sandbox {

using Made = std::unique_ptr<ServiceHandler>;

const std::vector<HandlerRow>& HandlerTable() {
  static const std::vector<HandlerRow> kRows = {
      {"sts", [](const HandlerDeps& d) { return MakeStsHandler(d.context, d.credentials); }},
      {"s3", [](const HandlerDeps& d) { return MakeS3Handler(d.context); }},
      {"sns", [](const HandlerDeps& d) { return MakeSnsHandler(d.context); }},
      {"dynamodb", [](const HandlerDeps& d) { return MakeDynamoDbHandler(d.context); }},
      {"tagging",
       [](const HandlerDeps& d) { return MakeTaggingHandler(d.context, d.collect_tagged); }},
      {"sagemaker",
       [](const HandlerDeps& d) -> Made {
         return std::make_unique<SageMakerHandler>(d.sagemaker_store);
       }},
      {"application-autoscaling",
       [](const HandlerDeps& d) -> Made {
         return std::make_unique<AutoScalingHandler>(d.sagemaker_store);
       }},
      {"ecs",
       [](const HandlerDeps& d) -> Made {
         return std::make_unique<EcsHandler>(d.sagemaker_store);
       }},
      {"kinesis", [](const HandlerDeps& d) { return MakeKinesisHandler(d.context); }},
      {"lambda", [](const HandlerDeps& d) { return MakeLambdaHandler(d.context); }},
      {"monitoring", [](const HandlerDeps& d) { return MakeCloudWatchHandler(d.context); }},
      {"ec2", [](const HandlerDeps& d) { return MakeEc2Handler(d.context); }},
      {"autoscaling", [](const HandlerDeps& d) { return MakeAsgHandler(d.context); }},
      {"rds", [](const HandlerDeps& d) { return MakeRdsHandler(d.context); }},
      {"eks", [](const HandlerDeps& d) { return MakeEksHandler(d.context); }},
  };
  return kRows;
}

std::vector<std::unique_ptr<ServiceHandler>> MakeHandlers(const HandlerDeps& deps) {
  HandlerDeps shared = deps;
  if (shared.sagemaker_store == nullptr)
    shared.sagemaker_store = std::make_shared<SageMakerStore>(shared.context);
  std::vector<std::unique_ptr<ServiceHandler>> out;
  for (const HandlerRow& row : HandlerTable()) out.push_back(row.make(shared));
  return out;
}

}  // namespace sandbox
