#include "aws/call_record.h"

namespace arm {
namespace {

thread_local CallObserver* g_current = nullptr;
thread_local std::string g_target;

}  // namespace

ScopedCallObserver::ScopedCallObserver(CallObserver* observer) : previous_(g_current) {
  g_current = observer;
}

ScopedCallObserver::~ScopedCallObserver() { g_current = previous_; }

CallObserver* ScopedCallObserver::Current() { return g_current; }

ScopedCallTarget::ScopedCallTarget(std::string target) : previous_(std::move(g_target)) {
  g_target = std::move(target);
}

ScopedCallTarget::~ScopedCallTarget() { g_target = std::move(previous_); }

const std::string& ScopedCallTarget::Current() { return g_target; }

void CallLog::OnCall(const CallRecord& record) {
  std::lock_guard<std::mutex> l(mu_);
  records_.push_back(record);
}

std::vector<CallRecord> CallLog::Records() const {
  std::lock_guard<std::mutex> l(mu_);
  return records_;
}

}  // namespace arm
