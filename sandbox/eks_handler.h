#pragma once
// Amazon EKS (restJson1, 2017-11-01, signing name "eks"): ListClusters,
// ListNodegroups, DescribeNodegroup, UpdateNodegroupConfig (scalingConfig)
// and ListTagsForResource over the estate's "eks" section
// (sandbox/eks_store.h).
#include <memory>

#include "sandbox/service_handler.h"

namespace sandbox {

std::unique_ptr<ServiceHandler> MakeEksHandler(const Context& context);

}  // namespace sandbox
