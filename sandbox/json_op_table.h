#pragma once
// The dispatch shared by the awsJson handlers whose operations are methods of
// an Ops class built per request over a locked store: find the operation by
// X-Amz-Target, parse the JSON body, lock, advance simulated time, call.
#include <cstddef>
#include <mutex>
#include <string>
#include <type_traits>

#include "sandbox/json_args.h"
#include "sandbox/wire.h"

namespace sandbox {

template <typename Ops>
struct JsonOp {
  const char* name;
  Response (Ops::*fn)();
};

// The entry of `table` named by the request's X-Amz-Target (<prefix>.<Name>).
template <typename Ops, size_t N>
const JsonOp<Ops>* FindJsonOp(const JsonOp<Ops> (&table)[N], const Request& request,
                              const char* target_prefix) {
  std::string op = JsonTargetOperation(request, target_prefix);
  for (const JsonOp<Ops>& e : table) {
    if (op == e.name) return &e;
  }
  return nullptr;
}

// Runs `op` (nullptr: UnknownOperationException) with the store locked. An
// Ops class that also takes the Request (for its caller) is given it.
template <typename Ops, typename Store>
Response DispatchJsonOp(const JsonOp<Ops>* op, const Request& request, const char* version,
                        Store& store) {
  if (op == nullptr) return JsonError(400, "UnknownOperationException", "", version);
  arm::Result<nlohmann::json> body = ParseJsonBody(request);
  if (!body.ok()) return JsonError(body.status(), version);
  JsonArgs args(*body);
  std::lock_guard<std::mutex> lock(store.mu);
  store.Advance();
  if constexpr (std::is_constructible_v<Ops, Store&, JsonArgs&, const Request&>) {
    Ops ops(store, args, request);
    return (ops.*(op->fn))();
  } else {
    Ops ops(store, args);
    return (ops.*(op->fn))();
  }
}

}  // namespace sandbox
