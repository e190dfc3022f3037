#pragma once
// S3 (restXml): PutObject, GetObject, HeadObject on the estate's buckets,
// path-style and virtual-hosted. A bucket belongs to the estate's account
// unless it says "Owner" (an account id); x-amz-expected-bucket-owner naming
// another account is AccessDenied, as in S3. A bucket may list "Objects"
// ({"Key", "Body"}) it holds from the start.
#include <memory>

#include "sandbox/service_handler.h"

namespace sandbox {

std::unique_ptr<ServiceHandler> MakeS3Handler(const Context& context);

}  // namespace sandbox
