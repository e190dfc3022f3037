#include "aws/call_record.h"

namespace arm {
namespace {

thread_local CallObserver* g_current = nullptr;

}  // namespace

ScopedCallObserver::ScopedCallObserver(CallObserver* observer) : previous_(g_current) { g_current = observer; }

ScopedCallObserver::~ScopedCallObserver() { g_current = previous_; }

CallObserver* ScopedCallObserver::Current() { return g_current; }

void CallLog::OnCall(const CallRecord& record) {
  std::lock_guard<std::mutex> l(mu_);
  records_.push_back(record);
}

std::vector<CallRecord> CallLog::Records() const {
  std::lock_guard<std::mutex> l(mu_);
  return records_;
}

}  // namespace arm
