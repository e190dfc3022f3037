#pragma once
// SNS (query protocol): Publish to the estate's topics; messages are kept for
// GET /_sandbox/state.
#include <memory>

#include "sandbox/service_handler.h"

namespace sandbox {

std::unique_ptr<ServiceHandler> MakeSnsHandler(const Context& context);

}  // namespace sandbox
