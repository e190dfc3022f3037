#include "engine/snapshot_file.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

SnapshotDocument Sample() {
  SnapshotDocument d;
  d.tool_version = "0.1.0";
  d.taken_at = "2026-11-25T21:00:00Z";
  d.project = "user-journey-analytics";
  d.environment = "demo";
  d.account_id = "123456789012";
  d.region = "us-east-1";
  d.types = {"lambda-function", "kinesis-stream"};
  d.only = {"kinesis", "lambda"};
  Snapshot s;
  s.type = "kinesis-stream";
  s.name = "user-events";
  s.config = {{"shard_count", 2}, {"mode", "PROVISIONED"}};
  d.resources["kinesis-stream"] = {s};
  d.resources["lambda-function"] = {};
  return d;
}

TEST(SnapshotFileTest, RoundTripsEveryField) {
  SnapshotDocument d = Sample();
  std::string text = SerializeSnapshot(d);
  auto back = ParseSnapshot(text, "s.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->project, d.project);
  EXPECT_EQ(back->account_id, d.account_id);
  EXPECT_EQ(back->types, d.types);
  EXPECT_EQ(back->only, d.only);
  ASSERT_EQ(back->resources.at("kinesis-stream").size(), 1u);
  EXPECT_EQ(back->resources.at("kinesis-stream")[0].config,
            d.resources["kinesis-stream"][0].config);
  EXPECT_TRUE(back->resources.at("lambda-function").empty());
  EXPECT_EQ(SerializeSnapshot(*back), text);
}

TEST(SnapshotFileTest, EveryTypeIsPresentEvenWithoutResources) {
  SnapshotDocument d = Sample();
  d.resources.erase("lambda-function");
  auto j = nlohmann::json::parse(SerializeSnapshot(d));
  EXPECT_TRUE(j.at("resources").at("lambda-function").empty());
}

void ExpectRejected(const std::string& text, const std::string& expected) {
  auto r = ParseSnapshot(text, "s.json");
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find(expected), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().message().find('\n'), std::string::npos);
  EXPECT_EQ(r.status().message().rfind("s.json: ", 0), 0u);
}

TEST(SnapshotFileTest, RejectsWhatIsNotASnapshotWithOneLine) {
  ExpectRejected("", "not valid JSON");
  ExpectRejected("{\"a\":", "not valid JSON");
  ExpectRejected("[]", "top level");
  ExpectRejected(R"({"schema_version": 1, "resources": []})", "\"format\"");
  auto j = nlohmann::json::parse(SerializeSnapshot(Sample()));
  auto with = [&](const std::function<void(nlohmann::json&)>& change) {
    nlohmann::json c = j;
    change(c);
    return c.dump();
  };
  ExpectRejected(with([](auto& c) { c["schema_version"] = 2; }),
                 "schema_version 2 is not supported");
  ExpectRejected(with([](auto& c) { c.erase("region"); }), "\"region\" is missing");
  ExpectRejected(with([](auto& c) { c["account_id"] = 12; }), "\"account_id\" must be a string");
  ExpectRejected(with([](auto& c) { c["resources"]["dynamodb-table"] = nlohmann::json::array(); }),
                 "does not list");
  ExpectRejected(with([](auto& c) { c["resources"].erase("lambda-function"); }), "lacks type");
  ExpectRejected(
      with([](auto& c) { c["resources"]["kinesis-stream"][0]["type"] = "lambda-function"; }),
      "has type");
  ExpectRejected(with([](auto& c) { c["resources"]["kinesis-stream"][0].erase("name"); }),
                 "lacks a string");
  ExpectRejected(with([](auto& c) { c["resources"]["kinesis-stream"][0]["config"] = 3; }),
                 "must be objects");
}

}  // namespace
}  // namespace arm
