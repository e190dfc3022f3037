#pragma once
// Test helpers for the awsJson handlers: requests as the AWS CLI sends them,
// and the demo estate.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "sandbox/service_handler.h"
#include "tests/testing/testing.h"

namespace sandbox::testing {

inline Request JsonRequest(const std::string& target, const nlohmann::json& body) {
  Request r;
  r.method = "POST";
  r.path = "/";
  r.headers = {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", target}};
  r.body = body.dump();
  r.region = "us-east-1";
  r.caller.access_key_id = "test";
  r.caller.account_id = "000000000000";
  r.caller.arn = "arn:aws:iam::000000000000:root";
  r.caller.region = r.region;
  return r;
}

// config/demo-estate.json without its prefix neighbour
// (user-journey-analytics-v2-*, there for the selection tests): the handler
// tests count listings, pages and concurrency against the estate they were
// written for.
inline nlohmann::json DemoEstate() {
  std::ifstream in(arm::testing::SourceDir() + "/config/demo-estate.json");
  nlohmann::json estate = nlohmann::json::parse(in);
  for (auto& [service, body] : estate.items()) {
    if (!body.is_object()) continue;
    for (auto& [kind, list] : body.items()) {
      if (!list.is_array()) continue;
      nlohmann::json kept = nlohmann::json::array();
      for (const auto& item : list) {
        bool neighbour = false;
        if (item.is_object())
          for (const char* key : {"FunctionName", "StreamName"})
            neighbour =
                neighbour || item.value(key, "").rfind("user-journey-analytics-v2-", 0) == 0;
        if (!neighbour) kept.push_back(item);
      }
      list = std::move(kept);
    }
  }
  return estate;
}

inline nlohmann::json Body(const Response& r) { return nlohmann::json::parse(r.body); }

// The AWS error code of an awsJson error answer ("" on success).
inline std::string ErrorCode(const Response& r) {
  if (r.status == 200) return "";
  return Body(r).value("__type", "");
}
inline std::string ErrorMessage(const Response& r) { return Body(r).value("message", ""); }

}  // namespace sandbox::testing
