#include "sandbox/server.h"

#include <httplib.h>

#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <thread>

#include "sandbox/admin_api.h"
#include "sandbox/auth.h"
#include "sandbox/counters.h"
#include "sandbox/faults.h"
#include "sandbox/httplib_adapter.h"
#include "sandbox/rate_limit.h"
#include "sandbox/registry.h"
#include "sandbox/skew_clock.h"
#include "sandbox/thread_pool.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

constexpr size_t kMaxPayload = 64 * 1024 * 1024;
// Capped by net.core.somaxconn (4096 on current kernels).
constexpr int kListenBacklog = 1024;

}  // namespace

struct Server::Impl final : AdminTarget {
  struct Slot {
    std::unique_ptr<ServiceHandler> handler;
    std::mutex mu;
  };

  explicit Impl(ServerOptions opts)
      : options(std::move(opts)),
        clock(options.clock != nullptr ? options.clock : &real_clock),
        faults(FaultOptions{options.latency_ms, options.throttle_rate, options.error_rate,
                            options.reset_rate, options.seed, options.fault_rules}),
        rate_limit(options.max_rps, clock),
        service_clock(*clock),
        iam_policy(options.iam_policy) {
    HandlerDeps deps;
    deps.context.clock = &service_clock;
    deps.context.region =
        options.estate.is_object() ? options.estate.value("region", "us-east-1") : "us-east-1";
    deps.context.account_id = options.estate.is_object()
                                  ? options.estate.value("account_id", "000000000000")
                                  : "000000000000";
    deps.context.endpoint_create_seconds = options.endpoint_create_seconds;
    deps.context.endpoint_delete_seconds = options.endpoint_delete_seconds;
    deps.context.kinesis_update_seconds = options.kinesis_update_seconds;
    deps.context.ecs_task_seconds = options.ecs_task_seconds;
    deps.context.asg_instance_seconds = options.asg_instance_seconds;
    deps.credentials = &credentials;
    deps.collect_tagged = [this] { return CollectTagged(); };
    context = deps.context;
    for (auto& h : MakeHandlers(deps)) {
      auto slot = std::make_unique<Slot>();
      std::string name(h->signing_name());
      slot->handler = std::move(h);
      slots[name] = std::move(slot);
    }
    LoadEstate();
  }

  // Callers hold estate_mu exclusively (or are the constructor).
  void LoadEstate() {
    credentials.Load(options.estate);
    for (auto& [name, slot] : slots) {
      std::lock_guard<std::mutex> l(slot->mu);
      slot->handler->Load(options.estate);
    }
    counters.Clear();
    faults.Reseed();
  }

  // Called from the tagging handler while its own slot is locked.
  std::vector<TaggedResource> CollectTagged() {
    std::vector<TaggedResource> out;
    for (auto& [name, slot] : slots) {
      if (name == "tagging") continue;
      std::lock_guard<std::mutex> l(slot->mu);
      slot->handler->CollectTagged(out);
    }
    return out;
  }

  nlohmann::json State() override {
    std::shared_lock<std::shared_mutex> estate_lock(estate_mu);
    nlohmann::json services = nlohmann::json::object();
    for (auto& [name, slot] : slots) {
      std::lock_guard<std::mutex> l(slot->mu);
      services[name] = slot->handler->Dump();
    }
    return {{"services", services}, {"calls", counters.ToJson()}};
  }

  void Reset() override {
    std::unique_lock<std::shared_mutex> estate_lock(estate_mu);
    service_clock.ResetOffset();
    LoadEstate();
  }

  nlohmann::json AdvanceClock(double seconds) override {
    std::unique_lock<std::shared_mutex> estate_lock(estate_mu);
    service_clock.Advance(seconds);
    return {{"offset_seconds", service_clock.offset_seconds()},
            {"now", arm::FormatIso8601(service_clock.Now())}};
  }

  nlohmann::json IamPolicyDocument() override {
    std::shared_lock<std::shared_mutex> estate_lock(estate_mu);
    return iam_policy ? iam_policy->document : nlohmann::json();
  }

  void SetIamPolicy(std::shared_ptr<const IamPolicy> policy) override {
    std::unique_lock<std::shared_mutex> estate_lock(estate_mu);
    iam_policy = std::move(policy);
  }

  // The resource's tags for aws:ResourceTag/<key> conditions (lower-case
  // keys), read from every handler as the tagging API does. Called without
  // any slot locked.
  IamConditionKeys ResourceTagKeys(const std::string& arn) {
    IamConditionKeys keys;
    for (const TaggedResource& r : CollectTagged()) {
      if (r.arn != arn) continue;
      for (const auto& [k, v] : r.tags) {
        std::string key = "aws:resourcetag/" + k;
        for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        keys[key] = v;
      }
    }
    return keys;
  }

  // The AccessDenied answer when the caller may not perform `action` on
  // every resource of the request.
  std::optional<Response> Authorize(const ServiceHandler& handler, const Request& req,
                                    const std::string& action) {
    // Without a policy only the allow list applies, and it names no
    // resources: the request's body is not parsed a second time.
    const std::vector<std::string> resources =
        req.caller.policy != nullptr ? handler.IamResources(req) : std::vector<std::string>{"*"};
    for (const std::string& resource : resources) {
      IamConditionKeys keys;
      if (req.caller.policy != nullptr && req.caller.policy->uses_resource_tags &&
          resource != "*") {
        keys = ResourceTagKeys(resource);
      }
      if (req.caller.policy != nullptr) keys.merge(handler.IamRequestKeys(req));
      if (auto denial = req.caller.Denial(action, resource, std::move(keys))) {
        return handler.AccessDenied(req, *denial);
      }
    }
    return std::nullopt;
  }

  ServiceHandler* Find(const std::string& service, Slot** slot_out) {
    auto it = slots.find(service);
    if (it == slots.end()) return nullptr;
    *slot_out = it->second.get();
    return it->second->handler.get();
  }

  void Serve(const httplib::Request& hreq, httplib::Response& hres) {
    OwnedByHandler(hreq).ranges.clear();  // S3 GetObject answers Range itself

    Request req = FromHttplib(hreq, /*take_body=*/true);
    if (req.path.rfind("/_sandbox/", 0) == 0) return ToHttplib(ServeAdmin(req, port, *this), hres);

    // Parsed once: the scope routes the request, then the signature is
    // verified against it.
    std::optional<arm::Result<arm::sigv4::AuthorizationHeader>> authorization;
    if (const std::string* header = req.Header("Authorization")) {
      authorization.emplace(arm::sigv4::ParseAuthorization(*header));
    }
    std::string service, region;
    if (authorization && authorization->ok()) {
      service = (*authorization)->service;
      region = (*authorization)->region;
    } else {
      service = GuessService(req);
    }
    req.service = service;
    req.region = region.empty() ? context.region : region;

    if (faults.latency_ms() > 0) {
      clock->SleepFor(std::chrono::milliseconds(static_cast<int64_t>(faults.latency_ms())));
    }
    std::shared_lock<std::shared_mutex> estate_lock(estate_mu);
    Slot* slot = nullptr;
    ServiceHandler* handler = Find(service, &slot);
    if (!rate_limit.Admit(service)) {
      counters.CountFault("throttle");
      return ToHttplib(handler != nullptr ? handler->Throttled(req)
                                          : ProtocolError(req, 400, "Throttling", "Rate exceeded"),
                       hres);
    }
    Fault fault = faults.Next();
    if (fault == Fault::kNone && handler != nullptr && faults.has_rules())
      fault = faults.ForRequest(handler->IamAction(req), req.path, req.query, req.body);
    switch (fault) {
      case Fault::kNone:
        break;
      case Fault::kReset:
        counters.CountFault("reset");
        ResetConnection(hreq);
        return;
      case Fault::kThrottle:
        counters.CountFault("throttle");
        return ToHttplib(handler != nullptr
                             ? handler->Throttled(req)
                             : ProtocolError(req, 400, "Throttling", "Rate exceeded"),
                         hres);
      case Fault::kError500:
        counters.CountFault("error");
        return ToHttplib(Error(handler, req, 500, "InternalFailure",
                               "The request processing has failed because of "
                               "an unknown error, exception or "
                               "failure."),
                         hres);
      case Fault::kEchoSignature:
      case Fault::kEchoEncoded: {
        // A signature mismatch quoting the request's secrets back.
        const bool encoded = fault == Fault::kEchoEncoded;
        counters.CountFault(encoded ? "echo-encoded" : "echo-signature");
        AuthOutcome echo;
        echo.failure = AuthFailure::kBadSignature;
        echo.detail = encoded ? EchoedEncodedTokenDetail(req) : EchoedSignatureDetail(req);
        return ToHttplib(AuthFailureResponse(handler, req, echo), hres);
      }
      case Fault::kError503:
        counters.CountFault("error");
        return ToHttplib(Error(handler, req, 503, "ServiceUnavailable",
                               "Service is unavailable. Try again later."),
                         hres);
    }

    AuthOutcome auth;
    const bool anonymous = handler != nullptr && !authorization && handler->AllowsAnonymous(req);
    if (!anonymous) {
      auth = authorization ? Authenticate(req, *authorization, credentials, clock->Now())
                           : Authenticate(req, credentials, clock->Now());
      if (!auth.ok()) {
        counters.CountAuthFailure();
        return ToHttplib(AuthFailureResponse(handler, req, auth), hres);
      }
      req.caller = Caller{auth.credential.access_key_id,
                          auth.credential.account_id,
                          auth.credential.arn,
                          auth.credential.allow,
                          iam_policy,
                          req.region};
    }
    if (handler == nullptr) return ToHttplib(UnknownService(req), hres);

    std::string action = handler->IamAction(req);
    if (!action.empty() && !anonymous) {
      if (std::optional<Response> denied = Authorize(*handler, req, action)) {
        counters.CountCall(action);
        return ToHttplib(std::move(*denied), hres);
      }
    }
    if (!action.empty())
      counters.CountCall(action, req.method + " " + req.path + "?" + req.query + " " + req.body);
    Response res;
    try {
      std::lock_guard<std::mutex> l(slot->mu);
      res = handler->Handle(req);
    } catch (const nlohmann::json::exception& e) {
      res = handler->Error(req, 400, SerializationCode(req), e.what());
    } catch (const std::exception& e) {
      res = handler->Error(req, 500, "InternalFailure", e.what());
    }
    ToHttplib(std::move(res), hres);
  }

  static std::string SerializationCode(const Request& req) {
    if (req.service == "s3") return "InvalidArgument";
    if (req.Header("X-Amz-Target") != nullptr) return "SerializationException";
    if (req.service == "lambda") return "InvalidParameterValueException";
    return "InvalidParameterValue";
  }

  Response Error(ServiceHandler* handler, const Request& req, int status, std::string_view code,
                 std::string_view message) {
    return handler != nullptr ? handler->Error(req, status, code, message)
                              : ProtocolError(req, status, code, message);
  }

  Response UnknownService(const Request& req) {
    std::string what = req.service.empty() ? "this request" : "service '" + req.service + "'";
    if (req.Header("X-Amz-Target") != nullptr) {
      return ProtocolError(req, 400, "UnknownOperationException",
                           "aws-sandbox does not implement " + what);
    }
    if (req.service == "s3")
      return ProtocolError(req, 501, "NotImplemented", "aws-sandbox does not implement " + what);
    return ProtocolError(req, 400, "InvalidAction", "aws-sandbox does not implement " + what);
  }

  ServerOptions options;
  arm::RealClock real_clock;
  arm::Clock* clock;
  Context context;
  CredentialStore credentials;
  FaultInjector faults;
  ServiceRateLimit rate_limit;
  // The handlers' clock: `clock` moved by POST /_sandbox/clock.
  SkewClock service_clock;
  CallCounters counters;
  // Shared by requests, exclusive for reset; the slot map itself never
  // changes after construction.
  std::shared_mutex estate_mu;
  std::map<std::string, std::unique_ptr<Slot>> slots;
  std::shared_ptr<const IamPolicy> iam_policy;  // under estate_mu

  httplib::Server http;
  std::thread thread;
  int listen_fd = -1;  // the listening socket, seen by the socket-options hook
  int port = 0;
  bool started = false;
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { Stop(); }

arm::Status Server::Start() {
  Impl& s = *impl_;
  if (s.started) return arm::Status::Ok();
  size_t threads = static_cast<size_t>(s.options.threads > 0 ? s.options.threads : 1);
  s.http.new_task_queue = [threads] { return new GrowingThreadPool(threads); };
  s.http.set_keep_alive_max_count(100000);
  s.http.set_keep_alive_timeout(5);
  s.http.set_payload_max_length(kMaxPayload);
  s.http.set_tcp_nodelay(true);
  s.http.set_socket_options([&s](socket_t sock) {
    httplib::default_socket_options(sock);
    s.listen_fd = sock;
  });
  auto serve = [&s](const httplib::Request& req, httplib::Response& res) { s.Serve(req, res); };
  s.http.Get(".*", serve);
  s.http.Post(".*", serve);
  s.http.Put(".*", serve);
  s.http.Delete(".*", serve);
  s.http.Patch(".*", serve);
  s.http.Options(".*", serve);
  // Answers httplib composes itself before routing (416 for a malformed
  // Range, 413, 400 for a bad request line) get the protocol's error body.
  s.http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty() || req.method == "HEAD")
          return httplib::Server::HandlerResponse::Unhandled;
        Request r = FromHttplib(req);
        r.service = ScopeService(r);
        const char* code = res.status == 416   ? "InvalidRange"
                           : res.status == 413 ? "EntityTooLarge"
                           : res.status < 500  ? "BadRequest"
                                               : "InternalFailure";
        std::string message = res.status == 416 ? "The requested range is not satisfiable"
                                                : "The request could not be processed (HTTP " +
                                                      std::to_string(res.status) + ")";
        ToHttplib(ProtocolError(r, res.status, code, message), res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        res.status = 500;
        res.set_content(R"({"__type":"InternalFailure","message":"aws-sandbox internal error"})",
                        "application/x-amz-json-1.1");
      });
  if (s.options.port == 0) {
    s.port = s.http.bind_to_any_port("127.0.0.1");
    if (s.port <= 0) {
      return arm::Status::IoError("cannot bind 127.0.0.1 to a free port");
    }
  } else {
    if (!s.http.bind_to_port("127.0.0.1", s.options.port)) {
      return arm::Status::IoError("cannot bind 127.0.0.1:" + std::to_string(s.options.port));
    }
    s.port = s.options.port;
  }
  // httplib 0.11 listens with a backlog of 5: when 50 clients connect at
  // once, Linux drops the SYNs over it and each of those clients waits the
  // 1 s SYN retransmission timeout. Listening again on the bound socket
  // raises its backlog (Linux takes a second listen() as a new backlog). If
  // that failed, the server would still work, only slower to connect to.
  if (s.listen_fd >= 0) (void)::listen(s.listen_fd, kListenBacklog);
  s.thread = std::thread([&s] { s.http.listen_after_bind(); });
  // The socket already accepts connections; wait for the accept loop so that
  // an immediate Stop() cannot miss it.
  while (!s.http.is_running()) std::this_thread::yield();
  s.started = true;
  return arm::Status::Ok();
}

int Server::port() const { return impl_->port; }

void Server::Stop() {
  Impl& s = *impl_;
  if (!s.started) return;
  s.http.stop();
  if (s.thread.joinable()) s.thread.join();
  s.started = false;
}

nlohmann::json Server::State() const { return impl_->State(); }

nlohmann::json Server::Calls() const { return impl_->counters.ToJson(); }

void Server::Reset() { impl_->Reset(); }

nlohmann::json Server::AdvanceClock(double seconds) { return impl_->AdvanceClock(seconds); }

void Server::SetIamPolicy(std::shared_ptr<const IamPolicy> policy) {
  impl_->SetIamPolicy(std::move(policy));
}

void Server::SetFaultRules(std::vector<FaultRule> rules) {
  impl_->faults.SetRules(std::move(rules));
}

}  // namespace sandbox
