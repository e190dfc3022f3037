#include "core/json_stream.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

using nlohmann::json;

// Streams every array member of `doc` element by element, the rest as head.
std::string JsonStreamStreamed(const json& doc, std::vector<size_t>* piece_sizes = nullptr) {
  json head = json::object();
  std::map<std::string, JsonElements> streamed;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    head[it.key()] = it.value().is_array() ? json::array() : it.value();
    if (!it.value().is_array()) continue;
    const json* array = &it.value();
    streamed[it.key()] = [array](const std::function<Status(const json&)>& emit) -> Status {
      for (const auto& e : *array) ARM_RETURN_IF_ERROR(emit(e));
      return Status::Ok();
    };
  }
  std::string out;
  Status s = WriteJsonObject(head, streamed, [&](std::string_view piece) {
    out.append(piece);
    if (piece_sizes) piece_sizes->push_back(piece.size());
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

TEST(JsonStreamTest, StreamedObjectIsByteForByteTheDumpOfTheWholeDocument) {
  json doc = {
      {"zeta", 1},
      {"actions", json::array({json{{"b", {1, 2, json::object()}}, {"a", "x\ny \"q\" \u00e9"}},
                               json{{"calls", json::array()}, {"before", nullptr}}, json(3.25),
                               json::array({json::array({1})})})},
      {"empty", json::array()},
      {"nested", {{"k", {{"deeper", {true, false}}}}, {"e", json::object()}}},
      {"notes", json::array({"one"})},
      {"last", "end"}};
  EXPECT_EQ(JsonStreamStreamed(doc), doc.dump(2) + "\n");
}

TEST(JsonStreamTest, EmptyObjectAndOnlyStreamedMembers) {
  EXPECT_EQ(JsonStreamStreamed(json::object()), "{}\n");
  json doc = {{"a", json::array({1, 2})}, {"b", json::array()}};
  EXPECT_EQ(JsonStreamStreamed(doc), doc.dump(2) + "\n");
}

TEST(JsonStreamTest, EachElementIsWrittenAsItsOwnPiece) {
  json doc = {{"items", json::array()}};
  for (int i = 0; i < 100; ++i) doc["items"].push_back({{"n", i}, {"pad", std::string(100, 'p')}});
  std::vector<size_t> sizes;
  EXPECT_EQ(JsonStreamStreamed(doc, &sizes), doc.dump(2) + "\n");
  EXPECT_EQ(sizes.size(), 101u);  // one per element, then the closing piece
  for (size_t s : sizes) EXPECT_LT(s, 200u);
}

TEST(JsonStreamTest, InvalidUtf8IsReplacedNotThrown) {
  std::string out;
  AppendIndented(json("bad \xff byte"), 0, &out);
  EXPECT_EQ(out, "\"bad \xef\xbf\xbd byte\"");
}

TEST(JsonStreamTest, FirstWriteErrorStopsTheStream) {
  json head = {{"a", json::array()}, {"b", 1}};
  int produced = 0;
  std::map<std::string, JsonElements> streamed = {
      {"a", [&](const std::function<Status(const json&)>& emit) {
         for (int i = 0; i < 10; ++i) {
           ++produced;
           ARM_RETURN_IF_ERROR(emit(i));
         }
         return Status::Ok();
       }}};
  int writes = 0;
  Status s = WriteJsonObject(head, streamed, [&](std::string_view) {
    return ++writes == 2 ? Status::IoError("disk full") : Status::Ok();
  });
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(produced, 2);
  EXPECT_EQ(writes, 2);
}

}  // namespace
}  // namespace arm
