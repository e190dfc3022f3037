#pragma once
// Resource Groups Tagging API (awsJson1.1): GetResources over every other
// handler's tagged resources.
#include <functional>
#include <memory>
#include <vector>

#include "sandbox/service_handler.h"

namespace sandbox {

std::unique_ptr<ServiceHandler> MakeTaggingHandler(
    const Context& context, std::function<std::vector<TaggedResource>()> collect);

}  // namespace sandbox
