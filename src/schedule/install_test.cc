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
            "'/srv/my app/logs/reconcile.log' 2>&1 # aws-resource-manager reconcile shop "
            "/srv/my app/config/aws-resource-state.json");
}

// The job acts as the command that installed it: its flags are repeated.
TEST(InstallTest, TheInstallingFlagsAreRepeated) {
  InstallSpec s = Spec();
  s.flags = {"--region", "eu-west-1",      "--endpoint-url", "http://127.0.0.1:4566",
             "--only",   "lambda,kinesis", "--resource",     "a b"};
  EXPECT_NE(CronLine(s).find("--config '/srv/my app/config/aws-resource-manager.conf' --region "
                             "eu-west-1 --endpoint-url http://127.0.0.1:4566 --only lambda,kinesis "
                             "--resource 'a b' --state-file"),
            std::string::npos)
      << CronLine(s);
  EXPECT_NE(SystemdService(s).find("--resource \"a b\" --state-file"), std::string::npos);
}

// What only the installing shell's environment said, the job is given.
TEST(InstallTest, EnvironmentOnlyKeysGoWithTheJob) {
  InstallSpec s = Spec();
  s.env = {{"AWS_REGION", "eu-west-1"}, {"LOG_DIR", "/var/log/my app"}};
  EXPECT_NE(CronLine(s).find(" && AWS_REGION=eu-west-1 LOG_DIR='/var/log/my app' "
                             "/opt/arm/bin/aws-resource-manager --config"),
            std::string::npos)
      << CronLine(s);
  std::string service = SystemdService(s);
  EXPECT_NE(service.find("Environment=\"AWS_REGION=eu-west-1\"\nEnvironment=\"LOG_DIR=/var/log/my "
                         "app\"\nExecStart="),
            std::string::npos)
      << service;
}

// Two environments (or state files) of one project keep a line each.
TEST(InstallTest, EachEnvironmentAndStateFileHasItsOwnLineAndUnits) {
  InstallSpec demo = Spec(), prod = Spec();
  demo.environment = "demo";
  prod.environment = "prod";
  prod.state_file = "/srv/my app/config/prod-state.json";
  std::string table = MergeCrontab("", CronLine(demo), CronMarker(demo));
  table = MergeCrontab(table, CronLine(prod), CronMarker(prod));
  EXPECT_EQ(table, CronLine(demo) + "\n" + CronLine(prod) + "\n");
  EXPECT_NE(UnitName(demo), UnitName(prod));
  EXPECT_EQ(UnitName(prod), "aws-resource-manager-reconcile-shop-prod");
}

TEST(InstallTest, CronQuotesWhatShellAndCronWouldRead) {
  EXPECT_EQ(ShellQuote("/a/b-c_d.e"), "/a/b-c_d.e");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellQuote("50%"), "'50\\%'");
}

TEST(InstallTest, MergeReplacesOurLineAndKeepsTheOthers) {
  std::string line = CronLine(Spec());
  std::string marker = CronMarker(Spec());
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
  InstallSpec named = Spec();
  named.project = "my shop";
  EXPECT_EQ(UnitName(named), "aws-resource-manager-reconcile-my-shop");
  // A % in a path is not a systemd specifier.
  named.working_dir = "/srv/100%";
  EXPECT_NE(SystemdService(named).find("WorkingDirectory=/srv/100%%\n"), std::string::npos);
}

// Once an hour is on the hour: `*/60` and `*:0/60` are not valid schedules.
TEST(InstallTest, EverySixtyMinutesIsOnTheHour) {
  InstallSpec s = Spec();
  s.every_minutes = 60;
  EXPECT_EQ(CronLine(s).rfind("0 * * * * cd ", 0), 0u) << CronLine(s);
  EXPECT_NE(SystemdTimer(s).find("OnCalendar=*:00\n"), std::string::npos) << SystemdTimer(s);
  s.every_minutes = 20;
  EXPECT_EQ(CronLine(s).rfind("*/20 * * * * cd ", 0), 0u) << CronLine(s);
  EXPECT_NE(SystemdTimer(s).find("OnCalendar=*:0/20\n"), std::string::npos) << SystemdTimer(s);
}

}  // namespace
}  // namespace arm
