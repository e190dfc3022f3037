#include "core/json_stream.h"

namespace arm {

void AppendIndented(const nlohmann::json& value, int depth, std::string* out) {
  // A string value never holds a raw newline (dump escapes it), so every
  // newline of the dump starts a new line of the document.
  std::string text = value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string indent(static_cast<size_t>(2 * depth), ' ');
  out->reserve(out->size() + text.size());
  for (char c : text) {
    out->push_back(c);
    if (c == '\n') out->append(indent);
  }
}

Status WriteJsonObject(const nlohmann::json& head,
                       const std::map<std::string, JsonElements>& streamed, const JsonSink& write) {
  if (head.empty()) return write("{}\n");
  std::string buf = "{\n";
  bool first_member = true;
  for (auto it = head.begin(); it != head.end(); ++it) {
    if (!first_member) buf += ",\n";
    first_member = false;
    buf += "  ";
    AppendIndented(nlohmann::json(it.key()), 1, &buf);
    buf += ": ";
    auto source = streamed.find(it.key());
    if (source == streamed.end()) {
      AppendIndented(it.value(), 1, &buf);
      continue;
    }
    size_t count = 0;
    std::string piece;
    Status produced = source->second([&](const nlohmann::json& element) -> Status {
      piece.clear();
      if (count++ == 0) {
        piece.swap(buf);  // what precedes the first element
        piece += "[\n    ";
      } else {
        piece += ",\n    ";
      }
      AppendIndented(element, 2, &piece);
      return write(piece);
    });
    ARM_RETURN_IF_ERROR(produced);
    buf += count == 0 ? "[]" : "\n  ]";
  }
  buf += "\n}\n";
  return write(buf);
}

}  // namespace arm
