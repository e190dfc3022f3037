#pragma once
// An in-process aws-sandbox on a free port for each test: the demo estate,
// fast SageMaker/Kinesis transitions. Override Options() to change them.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "sandbox/server.h"

namespace arm::testing {

class SandboxFixture : public ::testing::Test {
 public:
  // config/demo-estate.json of the source tree.
  static nlohmann::json DemoEstate();
  // What Options() returns by default, for tests that run their own servers.
  static sandbox::ServerOptions DefaultOptions();

 protected:
  void SetUp() override;
  void TearDown() override;
  // Default: demo estate from SourceDir()+"/config/demo-estate.json",
  // endpoint_create_seconds 0.2, endpoint_delete_seconds 0.1,
  // kinesis_update_seconds 0.1, ecs_task_seconds 0.1, asg_instance_seconds 0.1,
  // EC2, notebook and RDS transitions of 0.1 s (the estate's
  // ec2.state_seconds, sagemaker.notebook_state_seconds and
  // rds.state_seconds), EKS updates of 0.1 s (eks.update_seconds), port 0.
  virtual sandbox::ServerOptions Options();
  int port() const;
  std::string endpoint() const;  // "http://127.0.0.1:PORT"
  // GET /_sandbox/state.
  nlohmann::json State();
  std::unique_ptr<sandbox::Server> server_;
};

}  // namespace arm::testing
