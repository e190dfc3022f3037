#pragma once
// S3 (restXml): PutObject, GetObject, HeadObject on the estate's buckets,
// path-style and virtual-hosted.
#include <memory>

#include "sandbox/service_handler.h"

namespace sandbox {

std::unique_ptr<ServiceHandler> MakeS3Handler(const Context& context);

}  // namespace sandbox
