#include "audit/notification.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

TEST(NotificationTest, SaysWhatChangedWhatFailedAndTheSavings) {
  OperationInfo info;
  info.command = "stop";
  info.project = "user-journey-analytics";
  info.environment = "demo";
  info.account_id = "000000000000";
  info.region = "us-east-1";
  info.caller_arn = "arn:aws:iam::000000000000:user/ops";
  info.exit_code = 1;
  OperationReport r;
  ActionOutcome done;
  done.action.summary = "UpdateShardCount user-events 2 -> 1 shards";
  done.ran = true;
  ActionOutcome failed;
  failed.action.summary = "PutFunctionConcurrency event_processor 0";
  failed.ran = true;
  failed.status = Status::Aws("TooManyRequestsException", "slow down", 429, "r1", true, true);
  r.outcomes = {done, failed};
  r.cost_before.hourly_usd = 0.145;
  r.cost_after.hourly_usd = 0.015;

  Notification n = BuildNotification(info, r);
  EXPECT_EQ(n.subject, "aws-resource-manager stop user-journey-analytics/demo: 1 failed");
  EXPECT_NE(n.body.find("Changed (1):\n  UpdateShardCount user-events 2 -> 1 shards\n"),
            std::string::npos)
      << n.body;
  EXPECT_NE(n.body.find("Failed (1):\n  PutFunctionConcurrency event_processor 0: "),
            std::string::npos)
      << n.body;
  EXPECT_NE(n.body.find("$3.48/day -> $0.36/day (saves $3.12/day, $93.60/month)"),
            std::string::npos)
      << n.body;
}

// A start that re-armed alarms only changes no cost: it does not "save $0.00".
TEST(NotificationTest, ACostThatDidNotChangeIsNoChange) {
  OperationInfo info;
  info.command = "start";
  OperationReport r;
  r.cost_before.hourly_usd = 0.002;
  r.cost_after.hourly_usd = 0.002;
  Notification n = BuildNotification(info, r);
  EXPECT_NE(n.body.find("$0.05/day -> $0.05/day (no change)"), std::string::npos) << n.body;
  EXPECT_EQ(n.body.find("saves"), std::string::npos) << n.body;
  r.cost_after.hourly_usd = 0.145;
  EXPECT_NE(BuildNotification(info, r).body.find("(adds $3.43/day, $102.96/month)"),
            std::string::npos)
      << BuildNotification(info, r).body;
}

TEST(NotificationTest, SubjectFitsTheSnsLimit) {
  OperationInfo info;
  info.command = "start";
  info.project = std::string(150, 'p');
  Notification n = BuildNotification(info, OperationReport());
  EXPECT_LE(n.subject.size(), 100u);
  EXPECT_EQ(n.subject.substr(97), "...");
}

}  // namespace
}  // namespace arm
