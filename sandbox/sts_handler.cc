#include "sandbox/sts_handler.h"

#include <random>
#include <regex>

#include "sandbox/protocol_handler.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

constexpr char kXmlns[] = "https://sts.amazonaws.com/doc/2011-06-15/";
constexpr int kMinDuration = 900;
constexpr int kMaxDuration = 43200;

Response ValidationError(const std::string& message) {
  return QueryError(400, "ValidationError", message, kXmlns);
}

std::string NullMember(const std::string& member) {
  return "1 validation error detected: Value null at '" + member +
         "' failed to satisfy constraint: Member must not be null";
}

class StsHandler final : public QueryHandler {
 public:
  StsHandler(const Context& context, CredentialStore* credentials)
      : QueryHandler("sts", kXmlns, "AccessDenied"),
        context_(context),
        credentials_(credentials),
        rng_(std::random_device{}()) {}

  std::string IamAction(const Request& request) const override {
    std::string action = ActionOf(request);
    if (action == "GetCallerIdentity" || action == "AssumeRole" ||
        action == "AssumeRoleWithWebIdentity") {
      return "sts:" + action;
    }
    return "";
  }

  // GetCallerIdentity: none (AWS answers it whatever the policies say);
  // AssumeRole: the role.
  std::vector<std::string> IamResources(const Request& request) const override {
    std::string action = ActionOf(request);
    if (action == "GetCallerIdentity") return {};
    if (action != "AssumeRole") return {"*"};
    FormParams params = ParseForm(request.method == "POST" ? request.body : request.query);
    const std::string* role = FormValue(params, "RoleArn");
    return {role != nullptr && !role->empty() ? *role : "*"};
  }

  bool AllowsAnonymous(const Request& request) const override {
    return ActionOf(request) == "AssumeRoleWithWebIdentity";
  }

  Response Handle(const Request& request) override {
    FormParams params = Params(request);
    const std::string* action = FormValue(params, "Action");
    if (action == nullptr) return QueryError(400, "MissingAction", "Missing Action", kXmlns);
    if (*action == "GetCallerIdentity") return GetCallerIdentity(request);
    if (*action == "AssumeRole") return AssumeRole(request, params, /*web_identity=*/false);
    if (*action == "AssumeRoleWithWebIdentity")
      return AssumeRole(request, params, /*web_identity=*/true);
    return QueryError(400, "InvalidAction",
                      "Could not find operation " + *action + " for version 2011-06-15", kXmlns);
  }

  void Load(const nlohmann::json&) override { sessions_ = nlohmann::json::array(); }

  nlohmann::json Dump() const override { return {{"sessions", sessions_}}; }

 private:
  static FormParams Params(const Request& request) {
    return ParseForm(request.method == "POST" ? request.body : request.query);
  }
  static std::string ActionOf(const Request& request) {
    FormParams params = Params(request);
    const std::string* action = FormValue(params, "Action");
    return action != nullptr ? *action : "";
  }

  Response GetCallerIdentity(const Request& request) {
    const Caller& c = request.caller;
    std::optional<Credential> cred = credentials_->Find(c.access_key_id);
    std::string user_id = cred ? cred->user_id : c.account_id;
    return QueryOk("GetCallerIdentity", kXmlns, [&](pugi::xml_node result) {
      AddText(result, "UserId", user_id);
      AddText(result, "Account", c.account_id);
      AddText(result, "Arn", c.arn);
    });
  }

  Response AssumeRole(const Request& request, const FormParams& params, bool web_identity) {
    const std::string* role_arn = FormValue(params, "RoleArn");
    const std::string* session = FormValue(params, "RoleSessionName");
    const std::string* token = FormValue(params, "WebIdentityToken");
    if (role_arn == nullptr) return ValidationError(NullMember("roleArn"));
    if (session == nullptr) return ValidationError(NullMember("roleSessionName"));
    if (web_identity && token == nullptr) return ValidationError(NullMember("webIdentityToken"));
    static const std::regex kSessionName(R"([\w+=,.@-]{2,64})");
    if (!std::regex_match(*session, kSessionName)) {
      return ValidationError(
          "1 validation error detected: Value '" + *session +
          "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular "
          "expression pattern: [\\w+=,.@-]*");
    }
    static const std::regex kRoleArn(
        R"(arn:aws[a-z-]*:iam::(\d{12}):role/(?:[\w+=,.@-]+/)*([\w+=,.@-]+))");
    std::smatch m;
    if (!std::regex_match(*role_arn, m, kRoleArn)) return ValidationError("Request ARN is invalid");
    std::string account = m[1];
    std::string role_name = m[2];

    int duration = 3600;
    if (const std::string* d = FormValue(params, "DurationSeconds")) {
      char* end = nullptr;
      long v = std::strtol(d->c_str(), &end, 10);
      if (d->empty() || *end != '\0' || v < kMinDuration || v > kMaxDuration) {
        return ValidationError(
            "1 validation error detected: Value '" + *d +
            "' at 'durationSeconds' failed to satisfy constraint: Member must have value " +
            (v < kMinDuration ? "greater than or equal to 900" : "less than or equal to 43200"));
      }
      duration = static_cast<int>(v);
    }

    Credential cred;
    cred.access_key_id = "ASIA" + RandomString(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    cred.secret_access_key =
        RandomString(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    cred.session_token =
        "FwoGZXIvYXdzE" +
        RandomString(120, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    cred.account_id = account;
    cred.arn = "arn:aws:sts::" + account + ":assumed-role/" + role_name + "/" + *session;
    std::string role_id = "AROA" + RandomString(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    cred.user_id = role_id + ":" + *session;
    cred.expiration = context_.clock->Now() + std::chrono::seconds(duration);
    credentials_->Add(cred);

    std::string expiration = arm::FormatIso8601(*cred.expiration);
    sessions_.push_back({{"AccessKeyId", cred.access_key_id},
                         {"Arn", cred.arn},
                         {"Expiration", expiration},
                         {"AssumedBy", web_identity ? "web-identity" : request.caller.arn}});
    const char* action = web_identity ? "AssumeRoleWithWebIdentity" : "AssumeRole";
    return QueryOk(action, kXmlns, [&](pugi::xml_node result) {
      pugi::xml_node c = result.append_child("Credentials");
      AddText(c, "AccessKeyId", cred.access_key_id);
      AddText(c, "SecretAccessKey", cred.secret_access_key);
      AddText(c, "SessionToken", cred.session_token);
      AddText(c, "Expiration", expiration);
      pugi::xml_node user = result.append_child("AssumedRoleUser");
      AddText(user, "AssumedRoleId", cred.user_id);
      AddText(user, "Arn", cred.arn);
      AddText(result, "PackedPolicySize", "0");
      if (web_identity) {
        AddText(result, "SubjectFromWebIdentityToken", "sandbox-subject");
        AddText(result, "Audience", "sandbox");
        AddText(result, "Provider", "sandbox.local");
      }
    });
  }

  std::string RandomString(size_t n, std::string_view alphabet) {
    std::string out;
    out.reserve(n);
    std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
    for (size_t i = 0; i < n; ++i) out.push_back(alphabet[pick(rng_)]);
    return out;
  }

  Context context_;
  CredentialStore* credentials_;
  std::mt19937_64 rng_;
  nlohmann::json sessions_ = nlohmann::json::array();
};

}  // namespace

std::unique_ptr<ServiceHandler> MakeStsHandler(const Context& context,
                                               CredentialStore* credentials) {
  return std::make_unique<StsHandler>(context, credentials);
}

}  // namespace sandbox
