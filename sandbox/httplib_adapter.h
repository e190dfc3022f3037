#pragma once
// The seam between cpp-httplib and the sandbox's own Request and Response.
#include <httplib.h>

#include "sandbox/service_handler.h"

namespace sandbox {

// httplib 0.11 passes route handlers its own, non-const request object as
// const, and offers no other way to turn off its Range handling (it would
// slice every answer, errors included; S3 GetObject implements Range itself)
// nor to take the body without a copy. The sandbox's one cast is here.
httplib::Request& OwnedByHandler(const httplib::Request& in);

// The request as handlers see it; its body is moved out when `take_body`
// (nothing reads httplib's copy afterwards).
Request FromHttplib(const httplib::Request& in, bool take_body = false);
void ToHttplib(Response&& in, httplib::Response& out);

// Drops the server side of the connection `req` arrived on without an
// answer (the connection-reset fault).
void ResetConnection(const httplib::Request& req);

}  // namespace sandbox
