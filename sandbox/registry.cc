#include "sandbox/registry.h"

#include "sandbox/cloudwatch_handler.h"
#include "sandbox/dynamodb_handler.h"
#include "sandbox/kinesis_handler.h"
#include "sandbox/lambda_handler.h"
#include "sandbox/s3_handler.h"
#include "sandbox/sagemaker_handler.h"
#include "sandbox/sns_handler.h"
#include "sandbox/sts_handler.h"
#include "sandbox/tagging_handler.h"

namespace sandbox {

std::vector<std::unique_ptr<ServiceHandler>> MakeHandlers(const HandlerDeps& deps) {
  std::vector<std::unique_ptr<ServiceHandler>> out;
  out.push_back(MakeStsHandler(deps.context, deps.credentials));
  out.push_back(MakeS3Handler(deps.context));
  out.push_back(MakeSnsHandler(deps.context));
  out.push_back(MakeDynamoDbHandler(deps.context));
  out.push_back(MakeTaggingHandler(deps.context, deps.collect_tagged));
  for (auto& h : MakeSageMakerHandlers(deps.context))
    out.push_back(std::move(h));  // + Application Auto Scaling
  out.push_back(MakeKinesisHandler(deps.context));
  out.push_back(MakeLambdaHandler(deps.context));
  out.push_back(MakeCloudWatchHandler(deps.context));
  return out;
}

}  // namespace sandbox
