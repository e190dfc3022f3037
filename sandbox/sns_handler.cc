#include "sandbox/sns_handler.h"

#include <map>

#include "sandbox/estate_util.h"
#include "sandbox/protocol_handler.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

constexpr char kXmlns[] = "http://sns.amazonaws.com/doc/2010-03-31/";
constexpr size_t kMaxSubject = 100;
constexpr size_t kMaxMessageBytes = 256 * 1024;

Response InvalidParameter(const std::string& message) {
  return QueryError(400, "InvalidParameter", "Invalid parameter: " + message, kXmlns);
}

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80             ? 0
               : (c & 0xE0) == 0xC0 ? 1
               : (c & 0xF0) == 0xE0 ? 2
               : (c & 0xF8) == 0xF0 ? 3
                                    : 99;
    if (n == 99 || i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n + 1;
  }
  return true;
}

struct Topic {
  std::string name;
  std::map<std::string, std::string> tags;
  nlohmann::json messages = nlohmann::json::array();
};

class SnsHandler final : public QueryHandler {
 public:
  explicit SnsHandler(const Context& context)
      : QueryHandler("sns", kXmlns, "AuthorizationError"), context_(context) {}

  std::string IamAction(const Request& request) const override {
    std::string action = ActionOf(request);
    return action == "Publish" || action == "ListTopics" ? "sns:" + action : "";
  }

  // ListTopics: "*"; Publish: the topic (TopicArn, else TargetArn).
  std::vector<std::string> IamResources(const Request& request) const override {
    if (ActionOf(request) != "Publish") return {"*"};
    FormParams params = ParseForm(request.method == "POST" ? request.body : request.query);
    const std::string* arn = FormValue(params, "TopicArn");
    if (arn == nullptr) arn = FormValue(params, "TargetArn");
    if (arn == nullptr || arn->empty()) return {"*"};
    return {*arn};
  }

  Response Handle(const Request& request) override {
    FormParams params = ParseForm(request.method == "POST" ? request.body : request.query);
    const std::string* action = FormValue(params, "Action");
    if (action == nullptr) return QueryError(400, "MissingAction", "Missing Action", kXmlns);
    if (*action == "Publish") return Publish(request, params);
    if (*action == "ListTopics") return ListTopics();
    return QueryError(400, "InvalidAction",
                      "Could not find operation " + *action + " for version 2010-03-31", kXmlns);
  }

  void Load(const nlohmann::json& estate) override {
    region_ = EstateString(estate, "region", context_.region);
    account_ = EstateString(estate, "account_id", context_.account_id);
    topics_.clear();
    for (const auto& t : EstateList(estate, "sns", "topics")) {
      Topic topic;
      topic.name = t.value("Name", "");
      if (topic.name.empty()) continue;
      topic.tags = TagsFromJson(t.value("Tags", nlohmann::json()));
      topics_[Arn(topic.name)] = std::move(topic);
    }
  }

  nlohmann::json Dump() const override {
    nlohmann::json topics = nlohmann::json::array();
    for (const auto& [arn, t] : topics_) {
      topics.push_back(
          {{"TopicArn", arn}, {"Name", t.name}, {"Tags", t.tags}, {"Messages", t.messages}});
    }
    return {{"topics", topics}};
  }

  void CollectTagged(std::vector<TaggedResource>& out) const override {
    for (const auto& [arn, t] : topics_) {
      if (!t.tags.empty()) out.push_back({arn, t.tags});
    }
  }

 private:
  static std::string ActionOf(const Request& request) {
    FormParams params = ParseForm(request.method == "POST" ? request.body : request.query);
    const std::string* action = FormValue(params, "Action");
    return action != nullptr ? *action : "";
  }

  std::string Arn(const std::string& name) const {
    return "arn:aws:sns:" + region_ + ":" + account_ + ":" + name;
  }

  Response Publish(const Request& request, const FormParams& params) {
    const std::string* topic_arn = FormValue(params, "TopicArn");
    if (topic_arn == nullptr) topic_arn = FormValue(params, "TargetArn");
    if (topic_arn == nullptr) {
      if (FormValue(params, "PhoneNumber") != nullptr)
        return InvalidParameter("PhoneNumber Reason: SMS is not supported by aws-sandbox");
      return InvalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
    }
    if (topic_arn->rfind("arn:aws:sns:", 0) != 0) return InvalidParameter("TopicArn");
    const std::string* message = FormValue(params, "Message");
    if (message == nullptr || message->empty()) return InvalidParameter("Empty message");
    if (!ValidUtf8(*message))
      return InvalidParameter("Message Reason: Message must be valid UTF-8");
    if (message->size() > kMaxMessageBytes) return InvalidParameter("Message too long");
    const std::string* subject = FormValue(params, "Subject");
    if (subject != nullptr &&
        (subject->empty() || subject->size() > kMaxSubject || !ValidUtf8(*subject))) {
      return InvalidParameter("Subject");
    }
    auto it = topics_.find(*topic_arn);
    if (it == topics_.end()) return QueryError(404, "NotFound", "Topic does not exist", kXmlns);
    std::string id = NewRequestId();
    nlohmann::json record = {{"MessageId", id},
                             {"Message", *message},
                             {"Timestamp", IsoTime(*context_.clock)},
                             {"PublishedBy", request.caller.arn}};
    if (subject != nullptr) record["Subject"] = *subject;
    it->second.messages.push_back(std::move(record));
    return QueryOk("Publish", kXmlns,
                   [&](pugi::xml_node result) { AddText(result, "MessageId", id); });
  }

  Response ListTopics() {
    return QueryOk("ListTopics", kXmlns, [&](pugi::xml_node result) {
      pugi::xml_node topics = result.append_child("Topics");
      for (const auto& [arn, t] : topics_) AddText(topics.append_child("member"), "TopicArn", arn);
    });
  }

  Context context_;
  std::string region_, account_;
  std::map<std::string, Topic> topics_;  // by ARN
};

}  // namespace

std::unique_ptr<ServiceHandler> MakeSnsHandler(const Context& context) {
  return std::make_unique<SnsHandler>(context);
}

}  // namespace sandbox
