#include "sandbox/faults.h"

#include <gtest/gtest.h>

#include <vector>

namespace sandbox {
namespace {

std::vector<Fault> Sequence(const FaultOptions& o, int n) {
  FaultInjector f(o);
  std::vector<Fault> out;
  for (int i = 0; i < n; ++i) out.push_back(f.Next());
  return out;
}

TEST(FaultInjectorTest, SameSeedGivesSameFaults) {
  FaultOptions o{0, 0.2, 0.2, 0.1, 7, {}};
  EXPECT_EQ(Sequence(o, 200), Sequence(o, 200));
  FaultOptions other = o;
  other.seed = 8;
  EXPECT_NE(Sequence(o, 200), Sequence(other, 200));
}

TEST(FaultInjectorTest, ReseedRestartsTheSequence) {
  FaultInjector f(FaultOptions{0, 0.5, 0.0, 0.0, 3, {}});
  std::vector<Fault> first, second;
  for (int i = 0; i < 50; ++i) first.push_back(f.Next());
  f.Reseed();
  for (int i = 0; i < 50; ++i) second.push_back(f.Next());
  EXPECT_EQ(first, second);
}

TEST(FaultInjectorTest, RatesAreRoughlyHonoured) {
  std::vector<Fault> s = Sequence(FaultOptions{0, 0.25, 0.25, 0.1, 11, {}}, 4000);
  int reset = 0, throttle = 0, error = 0;
  for (Fault f : s) {
    reset += f == Fault::kReset;
    throttle += f == Fault::kThrottle;
    error += f == Fault::kError500 || f == Fault::kError503;
  }
  EXPECT_NEAR(reset / 4000.0, 0.1, 0.03);
  EXPECT_NEAR(throttle / 4000.0, 0.25, 0.03);
  EXPECT_NEAR(error / 4000.0, 0.25, 0.03);
}

TEST(FaultInjectorTest, NoRatesNoFaults) {
  for (Fault f : Sequence(FaultOptions{}, 100)) EXPECT_EQ(f, Fault::kNone);
}

TEST(FaultRuleTest, MatchesTheOperationOnTheNamedResourceOnly) {
  auto rule = ParseFaultRule("lambda:GetFunctionConcurrency@intervention-executor=reset");
  ASSERT_TRUE(rule.ok()) << rule.status().ToString();
  EXPECT_EQ(rule->fault, Fault::kReset);
  const char* path = "/2019-09-30/functions/intervention-executor/concurrency";
  EXPECT_TRUE(rule->Matches("lambda:GetFunctionConcurrency", path, "", ""));
  EXPECT_FALSE(rule->Matches("lambda:PutFunctionConcurrency", path, "", ""));
  // A name that merely starts with it is another resource.
  EXPECT_FALSE(rule->Matches("lambda:GetFunctionConcurrency",
                             "/2019-09-30/functions/intervention-executor-v2/concurrency", "", ""));
  EXPECT_TRUE(rule->Matches("lambda:GetFunctionConcurrency", "/", "",
                            R"({"FunctionName":"intervention-executor"})"));
}

TEST(FaultRuleTest, WithoutANameMatchesEveryRequestOfTheOperation) {
  auto rule = ParseFaultRule("kinesis:DescribeStreamSummary=error503");
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->fault, Fault::kError503);
  EXPECT_TRUE(rule->Matches("kinesis:DescribeStreamSummary", "/", "", R"({"StreamName":"x"})"));
}

TEST(FaultRuleTest, EchoSignatureIsAKind) {
  auto rule = ParseFaultRule("lambda:PutFunctionConcurrency@intervention-executor=echo-signature");
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->fault, Fault::kEchoSignature);
}

TEST(FaultRuleTest, EchoEncodedIsAKind) {
  auto rule = ParseFaultRule("lambda:PutFunctionConcurrency@intervention-executor=echo-encoded");
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->fault, Fault::kEchoEncoded);
}

TEST(FaultRuleTest, RejectsMalformedRules) {
  for (const char* bad : {"lambda:GetFunction", "=reset", "GetFunction=reset",
                          "lambda:GetFunction@=reset", "lambda:GetFunction@x=explode"})
    EXPECT_FALSE(ParseFaultRule(bad).ok()) << bad;
}

}  // namespace
}  // namespace sandbox
