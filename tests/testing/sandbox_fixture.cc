#include "tests/testing/sandbox_fixture.h"

#include <fstream>

#include "tests/testing/testing.h"

namespace arm::testing {

nlohmann::json SandboxFixture::DemoEstate() {
  std::ifstream in(SourceDir() + "/config/demo-estate.json");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

sandbox::ServerOptions SandboxFixture::Options() { return DefaultOptions(); }

sandbox::ServerOptions SandboxFixture::DefaultOptions() {
  sandbox::ServerOptions options;
  options.port = 0;
  options.estate = DemoEstate();
  options.endpoint_create_seconds = 0.2;
  options.endpoint_delete_seconds = 0.1;
  options.kinesis_update_seconds = 0.1;
  options.ecs_task_seconds = 0.1;
  // EC2's transitions are the estate's own (aws-sandbox has no flag for them).
  if (options.estate.contains("ec2")) options.estate["ec2"]["state_seconds"] = 0.1;
  if (options.estate.contains("sagemaker"))
    options.estate["sagemaker"]["notebook_state_seconds"] = 0.1;
  if (options.estate.contains("rds")) options.estate["rds"]["state_seconds"] = 0.1;
  if (options.estate.contains("eks")) options.estate["eks"]["update_seconds"] = 0.1;
  options.asg_instance_seconds = 0.1;
  return options;
}

void SandboxFixture::SetUp() {
  server_ = std::make_unique<sandbox::Server>(Options());
  arm::Status started = server_->Start();
  ASSERT_TRUE(started.ok()) << started.ToString();
}

void SandboxFixture::TearDown() {
  if (server_) server_->Stop();
  server_.reset();
}

int SandboxFixture::port() const { return server_ ? server_->port() : 0; }

std::string SandboxFixture::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(port());
}

nlohmann::json SandboxFixture::State() { return server_->State(); }

}  // namespace arm::testing
