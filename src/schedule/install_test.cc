#include "schedule/install.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

InstallSpec Spec() {
  InstallSpec s;
  s.binary = "/opt/arm/bin/aws-resource-manager";
  s.working_dir = "/srv/my app";
  s.config = "/srv/my app/config/aws-resource-manager.conf";
  s.state_file = "/srv/my app/config/aws-resource-state.json";
  s.log_file = "/srv/my app/logs/reconcile.log";
  s.project = "shop";
  s.every_minutes = 15;
  return s;
}

TEST(InstallTest, CronLineHasAbsolutePathsForceAndAMarker) {
  EXPECT_EQ(CronLine(Spec()),
            "*/15 * * * * cd '/srv/my app' && /opt/arm/bin/aws-resource-manager --config "
            "'/srv/my app/config/aws-resource-manager.conf' --state-file "
            "'/srv/my app/config/aws-resource-state.json' reconcile --force >> "
            "'/srv/my app/logs/reconcile.log' 2>&1 # aws-resource-manager reconcile shop");
}

TEST(InstallTest, CronQuotesWhatShellAndCronWouldRead) {
  EXPECT_EQ(ShellQuote("/a/b-c_d.e"), "/a/b-c_d.e");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellQuote("50%"), "'50\\%'");
}

TEST(InstallTest, MergeReplacesOurLineAndKeepsTheOthers) {
  std::string line = CronLine(Spec());
  std::string marker = CronMarker("shop");
  std::string table = "MAILTO=ops\n0 1 * * * backup\n*/5 * * * * old " + marker + "\n";
  std::string merged = MergeCrontab(table, line, marker);
  EXPECT_EQ(merged, "MAILTO=ops\n0 1 * * * backup\n" + line + "\n");
  EXPECT_EQ(MergeCrontab(merged, line, marker), merged);  // idempotent
  EXPECT_EQ(MergeCrontab("", line, marker), line + "\n");
}

TEST(InstallTest, SystemdTimerAndService) {
  std::string service = SystemdService(Spec());
  EXPECT_NE(service.find("Type=oneshot"), std::string::npos);
  EXPECT_NE(service.find("WorkingDirectory=/srv/my app\n"), std::string::npos);
  EXPECT_NE(service.find("ExecStart=/opt/arm/bin/aws-resource-manager --config \"/srv/my "
                         "app/config/aws-resource-manager.conf\""),
            std::string::npos)
      << service;
  EXPECT_NE(service.find("reconcile --force\n"), std::string::npos);
  std::string timer = SystemdTimer(Spec());
  EXPECT_NE(timer.find("OnCalendar=*:0/15\n"), std::string::npos);
  EXPECT_NE(timer.find("Persistent=true\n"), std::string::npos);
  EXPECT_NE(timer.find("WantedBy=timers.target"), std::string::npos);
  EXPECT_EQ(UnitName("my shop"), "aws-resource-manager-reconcile-my-shop");
}

}  // namespace
}  // namespace arm
