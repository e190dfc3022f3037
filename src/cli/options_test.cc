#include "cli/options.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

TEST(ResolvePathsFromTest, RelativeCommandLinePathsAreTakenFromTheCallersFolder) {
  GlobalOptions g;
  g.config_file = "config/my.conf";
  g.state_file = "/abs/state.json";
  SnapshotOptions snapshot;
  snapshot.output_file = "-";
  PlanOptions plan;
  plan.resources_file = "snap.json";
  ResolvePathsFrom("/home/me/work", &g, &snapshot, &plan);
  EXPECT_EQ(g.config_file, "/home/me/work/config/my.conf");
  EXPECT_EQ(g.state_file, "/abs/state.json");
  EXPECT_EQ(snapshot.output_file, "-");
  EXPECT_EQ(plan.resources_file, "/home/me/work/snap.json");
  EXPECT_EQ(plan.state_file,
            "");  // not given: the default stays the configured one
}

TEST(ResolvePathsFromTest, NoCallerFolderLeavesPathsAsGiven) {
  GlobalOptions g;
  g.config_file = "config/my.conf";
  SnapshotOptions snapshot;
  snapshot.output_file = "snap.json";
  PlanOptions plan;
  ResolvePathsFrom("", &g, &snapshot, &plan);
  EXPECT_EQ(g.config_file, "config/my.conf");
  EXPECT_EQ(snapshot.output_file, "snap.json");
}

}  // namespace
}  // namespace arm
