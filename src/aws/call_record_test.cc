#include "aws/call_record.h"

#include <gtest/gtest.h>

#include <thread>

namespace arm {
namespace {

void Report(const std::string& op) {
  CallRecord r;
  r.operation = op;
  if (CallObserver* o = ScopedCallObserver::Current()) o->OnCall(r);
}

TEST(CallRecordTest, ScopeCollectsOnlyItsThreadsCalls) {
  CallLog a, b;
  std::thread ta([&] {
    ScopedCallObserver scope(&a);
    for (int i = 0; i < 100; ++i) Report("A");
  });
  std::thread tb([&] {
    ScopedCallObserver scope(&b);
    for (int i = 0; i < 50; ++i) Report("B");
  });
  ta.join();
  tb.join();
  ASSERT_EQ(a.Records().size(), 100u);
  ASSERT_EQ(b.Records().size(), 50u);
  for (const auto& r : a.Records()) EXPECT_EQ(r.operation, "A");
  for (const auto& r : b.Records()) EXPECT_EQ(r.operation, "B");
}

TEST(CallRecordTest, ScopesNestAndRestoreThePreviousObserver) {
  CallLog outer, inner;
  EXPECT_EQ(ScopedCallObserver::Current(), nullptr);
  {
    ScopedCallObserver s1(&outer);
    {
      ScopedCallObserver s2(&inner);
      Report("in");
    }
    Report("out");
  }
  EXPECT_EQ(ScopedCallObserver::Current(), nullptr);
  Report("nobody");  // no observer: dropped
  ASSERT_EQ(inner.Records().size(), 1u);
  EXPECT_EQ(inner.Records()[0].operation, "in");
  ASSERT_EQ(outer.Records().size(), 1u);
  EXPECT_EQ(outer.Records()[0].operation, "out");
}

}  // namespace
}  // namespace arm
