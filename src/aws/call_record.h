#pragma once
// Per-call records for the audit trail. A thread opens a ScopedCallObserver
// around a unit of work (one plan action, one state backup); AwsClient::Send
// reports every call made on that thread while the scope is open. Actions run
// on parallel workers; each worker sees only its own scope, so records never
// mix between actions. Besides, AwsClient reports every call, on whatever
// thread, to its run observer (AwsClient::set_run_observer): the run's list of
// all calls. A ScopedCallTarget names the resource the thread's calls are for.
#include <mutex>
#include <string>
#include <vector>

namespace arm {

struct CallRecord {
  // Numbers the calls of one AwsClient from 1, in the order they were first
  // sent: pairs a call's OnCallSent with its OnCall.
  unsigned long long id = 0;
  std::string service;    // signing name: "kinesis"
  std::string iam_name;   // as IAM names it: "cloudwatch" (signing name "monitoring")
  std::string operation;  // "UpdateShardCount"; "" when unknown
  std::string target;     // the resource(s) the call was for (ScopedCallTarget);
                          // "" when none
  int attempts = 0;
  int http_status = 0;        // of the last response; 0 when none came
  std::string request_id;     // of the last response
  std::string error_code;     // AWS error code of the failure; "" on success
  long long duration_ms = 0;  // all attempts and back-off included
  bool ok = false;
};

class CallObserver {
 public:
  virtual ~CallObserver() = default;
  // Called on the thread that made the call, once the call is over.
  virtual void OnCall(const CallRecord& record) = 0;
  // Called just before the call's first attempt goes out (`record` holds
  // what is known then: id, service, operation, target). Only the run
  // observer (AwsClient::set_run_observer) is told: a run killed while the
  // call is in flight still shows it was sent.
  virtual void OnCallSent(const CallRecord& record) { (void)record; }
};

// Attaches `observer` to the calling thread until destroyed; scopes nest and
// the previous observer is restored. nullptr detaches.
class ScopedCallObserver {
 public:
  explicit ScopedCallObserver(CallObserver* observer);
  ~ScopedCallObserver();
  ScopedCallObserver(const ScopedCallObserver&) = delete;
  ScopedCallObserver& operator=(const ScopedCallObserver&) = delete;

  // The calling thread's observer, or nullptr.
  static CallObserver* Current();

 private:
  CallObserver* previous_;
};

// Names the resource(s) the calling thread's calls are for until destroyed;
// scopes nest and the previous target is restored.
class ScopedCallTarget {
 public:
  explicit ScopedCallTarget(std::string target);
  ~ScopedCallTarget();
  ScopedCallTarget(const ScopedCallTarget&) = delete;
  ScopedCallTarget& operator=(const ScopedCallTarget&) = delete;

  // The calling thread's target, or "".
  static const std::string& Current();

 private:
  std::string previous_;
};

// Keeps the records it is given (thread-safe).
class CallLog final : public CallObserver {
 public:
  void OnCall(const CallRecord& record) override;
  std::vector<CallRecord> Records() const;

 private:
  mutable std::mutex mu_;
  std::vector<CallRecord> records_;
};

}  // namespace arm
