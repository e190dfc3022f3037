#include "sandbox/wire.h"

#include <atomic>
#include <cstdio>
#include <sstream>

namespace sandbox {

std::string NewRequestId() {
  static std::atomic<unsigned long long> counter{1};
  unsigned long long n = counter.fetch_add(1);
  char buf[48];
  std::snprintf(buf, sizeof(buf), "00000000-0000-4000-8000-%012llx", n);
  return buf;
}

namespace {
std::string JsonContentType(std::string_view v) {
  return "application/x-amz-json-" + std::string(v);
}
}  // namespace

std::string JsonTargetOperation(const Request& request, std::string_view target_prefix) {
  const std::string* target = request.Header("X-Amz-Target");
  if (target == nullptr) return "";
  std::string prefix = std::string(target_prefix) + ".";
  if (target->rfind(prefix, 0) != 0) return "";
  return target->substr(prefix.size());
}

Response JsonOk(const nlohmann::json& body, std::string_view json_version) {
  Response r;
  r.status = 200;
  r.content_type = JsonContentType(json_version);
  r.body = body.is_null() ? "{}" : body.dump();
  r.headers.emplace_back("x-amzn-RequestId", NewRequestId());
  return r;
}

Response JsonError(int status, std::string_view code, std::string_view message,
                   std::string_view json_version) {
  Response r;
  r.status = status;
  r.content_type = JsonContentType(json_version);
  nlohmann::json b = {{"__type", std::string(code)}, {"message", std::string(message)}};
  r.body = b.dump();
  r.headers.emplace_back("x-amzn-RequestId", NewRequestId());
  r.headers.emplace_back("x-amzn-ErrorType", std::string(code));
  return r;
}

arm::Status AwsError(std::string code, std::string message, int http_status) {
  return arm::Status::Aws(std::move(code), std::move(message), http_status, /*request_id=*/"",
                          /*retryable=*/false);
}

Response JsonError(const arm::Status& error, std::string_view json_version) {
  return JsonError(error.http_status(), error.aws_code(), error.message(), json_version);
}

arm::Result<nlohmann::json> ParseJsonBody(const Request& request) {
  if (request.body.empty()) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return AwsError("SerializationException",
                    "Start of structure or map found where not expected.");
  return j;
}

std::string JsonBodyString(const Request& request, std::string_view name) {
  nlohmann::json j = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return "";
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

Response RestJsonOk(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.is_null() ? "" : body.dump();
  r.headers.emplace_back("x-amzn-RequestId", NewRequestId());
  return r;
}

Response RestJsonError(int status, std::string_view code, std::string_view message) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  nlohmann::json b = {{"Type", status >= 500 ? "Service" : "User"},
                      {"message", std::string(message)}};
  r.body = b.dump();
  r.headers.emplace_back("x-amzn-RequestId", NewRequestId());
  r.headers.emplace_back("X-Amzn-ErrorType", std::string(code));
  return r;
}

FormParams ParseForm(std::string_view body) {
  FormParams out;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t amp = body.find('&', pos);
    if (amp == std::string_view::npos) amp = body.size();
    std::string_view pair = body.substr(pos, amp - pos);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string k(pair.substr(0, eq));
      std::string v = eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
      for (auto& c : k)
        if (c == '+') c = ' ';
      for (auto& c : v)
        if (c == '+') c = ' ';
      out.emplace_back(arm::UriDecode(k), arm::UriDecode(v));
    }
    pos = amp + 1;
  }
  return out;
}

const std::string* FormValue(const FormParams& params, std::string_view name) {
  for (const auto& [k, v] : params) {
    if (k == name) return &v;
  }
  return nullptr;
}

std::vector<std::string> FormList(const FormParams& params, std::string_view prefix) {
  std::vector<std::string> out;
  for (int i = 1;; ++i) {
    const std::string* v = FormValue(params, std::string(prefix) + ".member." + std::to_string(i));
    if (v == nullptr) break;
    out.push_back(*v);
  }
  return out;
}

std::string XmlToString(const pugi::xml_document& doc) {
  std::ostringstream os;
  doc.save(os, "", pugi::format_raw);
  return os.str();
}

pugi::xml_node AddText(pugi::xml_node parent, const char* name, const std::string& text) {
  pugi::xml_node n = parent.append_child(name);
  n.text().set(text.c_str());
  return n;
}

Response QueryOk(std::string_view action, std::string_view xmlns,
                 const std::function<void(pugi::xml_node)>& fill) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  std::string root_name = std::string(action) + "Response";
  pugi::xml_node root = doc.append_child(root_name.c_str());
  root.append_attribute("xmlns") = std::string(xmlns).c_str();
  std::string result_name = std::string(action) + "Result";
  pugi::xml_node result = root.append_child(result_name.c_str());
  if (fill) fill(result);
  std::string rid = NewRequestId();
  AddText(root.append_child("ResponseMetadata"), "RequestId", rid);
  Response r;
  r.status = 200;
  r.content_type = "text/xml";
  r.body = XmlToString(doc);
  r.headers.emplace_back("x-amzn-RequestId", rid);
  return r;
}

Response QueryError(int status, std::string_view code, std::string_view message,
                    std::string_view xmlns, bool sender_fault) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  pugi::xml_node root = doc.append_child("ErrorResponse");
  if (!xmlns.empty()) root.append_attribute("xmlns") = std::string(xmlns).c_str();
  pugi::xml_node err = root.append_child("Error");
  AddText(err, "Type", sender_fault ? "Sender" : "Receiver");
  AddText(err, "Code", std::string(code));
  AddText(err, "Message", std::string(message));
  std::string rid = NewRequestId();
  AddText(root, "RequestId", rid);
  Response r;
  r.status = status;
  r.content_type = "text/xml";
  r.body = XmlToString(doc);
  r.headers.emplace_back("x-amzn-RequestId", rid);
  return r;
}

Response S3Error(int status, std::string_view code, std::string_view message,
                 std::string_view resource) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node err = doc.append_child("Error");
  AddText(err, "Code", std::string(code));
  AddText(err, "Message", std::string(message));
  if (!resource.empty()) AddText(err, "Resource", std::string(resource));
  std::string rid = NewRequestId();
  AddText(err, "RequestId", rid);
  Response r;
  r.status = status;
  r.content_type = "application/xml";
  r.body = XmlToString(doc);
  r.headers.emplace_back("x-amz-request-id", rid);
  return r;
}

double EpochSeconds(const arm::Clock& clock) {
  using namespace std::chrono;
  return duration_cast<milliseconds>(clock.Now().time_since_epoch()).count() / 1000.0;
}

std::string IsoTime(const arm::Clock& clock) { return arm::FormatIso8601(clock.Now()); }

}  // namespace sandbox
