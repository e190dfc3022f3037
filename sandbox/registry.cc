#include "sandbox/registry.h"

#include "sandbox/dynamodb_handler.h"
#include "sandbox/s3_handler.h"
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
  // SageMaker, Application Auto Scaling, Kinesis (h5) and Lambda, CloudWatch
  // (h6) are added here when their branches are merged.
  return out;
}

}  // namespace sandbox
