#include "sandbox/iam_policy.h"

#include <cctype>

namespace sandbox {

using nlohmann::json;

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

arm::Status Invalid(const std::string& where, const std::string& what) {
  return arm::Status::InvalidArgument("IAM policy: " + where + ": " + what);
}

// A string or a non-empty list of strings.
arm::Status StringList(const json& value, const std::string& where, std::vector<std::string>* out) {
  if (value.is_string()) {
    out->push_back(value.get<std::string>());
    return arm::Status::Ok();
  }
  if (!value.is_array() || value.empty())
    return Invalid(where, "expected a string or a non-empty list of strings");
  for (const json& v : value) {
    if (!v.is_string()) return Invalid(where, "expected a string or a non-empty list of strings");
    out->push_back(v.get<std::string>());
  }
  return arm::Status::Ok();
}

arm::Status ParseActions(const json& value, const std::string& where,
                         std::vector<std::string>* out) {
  ARM_RETURN_IF_ERROR(StringList(value, where, out));
  for (std::string& a : *out) {
    if (a != "*" && (a.find(':') == std::string::npos || a.front() == ':' || a.back() == ':')) {
      return Invalid(where, "action '" + a + "' is not '*' or 'service:Action'");
    }
    a = Lower(a);
  }
  return arm::Status::Ok();
}

arm::Status ParseResources(const json& value, const std::string& where,
                           std::vector<std::string>* out) {
  ARM_RETURN_IF_ERROR(StringList(value, where, out));
  for (const std::string& r : *out) {
    if (r != "*" && r.rfind("arn:", 0) != 0)
      return Invalid(where, "resource '" + r + "' is not '*' or an ARN");
    std::string rest = r;
    for (const char* special : {"${*}", "${?}", "${$}"})
      for (size_t at = rest.find(special); at != std::string::npos; at = rest.find(special))
        rest.erase(at, 4);
    if (rest.find("${") != std::string::npos)
      return Invalid(
          where, "policy variables ('" + r + "') are not supported, but for ${*}, ${?} and ${$}");
  }
  return arm::Status::Ok();
}

// The operator of a condition block name ("StringLikeIfExists"); nullopt
// when unsupported.
std::optional<IamCondition> ParseOperator(std::string name) {
  IamCondition out;
  static const std::pair<const char*, IamOperator> kOperators[] = {
      {"StringEquals", IamOperator::kStringEquals},
      {"StringNotEquals", IamOperator::kStringNotEquals},
      {"StringLike", IamOperator::kStringLike},
      {"StringNotLike", IamOperator::kStringNotLike},
  };
  constexpr std::string_view kIfExists = "IfExists";
  if (name.ends_with(kIfExists)) {
    out.if_exists = true;
    name.resize(name.size() - kIfExists.size());
  }
  for (const auto& [text, op] : kOperators) {
    if (name == text) {
      out.op = op;
      return out;
    }
  }
  return std::nullopt;
}

bool UsesResourceTags(const IamStatement& s) {
  for (const IamCondition& c : s.conditions) {
    if (c.key.starts_with("aws:resourcetag/")) return true;
  }
  return false;
}

bool SupportedKey(const std::string& lower_key) {
  constexpr std::string_view kTagPrefix = "aws:resourcetag/";
  return lower_key == "iam:awsservicename" || lower_key == "aws:requestedregion" ||
         lower_key == "application-autoscaling:service-namespace" ||
         lower_key == "application-autoscaling:scalable-dimension" ||
         (lower_key.starts_with(kTagPrefix) && lower_key.size() > kTagPrefix.size());
}

arm::Status ParseConditions(const json& value, const std::string& where, IamStatement* out) {
  if (!value.is_object()) return Invalid(where, "expected an object of operators");
  for (const auto& [op_name, keys] : value.items()) {
    std::optional<IamCondition> base = ParseOperator(op_name);
    if (!base) {
      return Invalid(where,
                     "unsupported operator '" + op_name +
                         "' (supported: StringEquals, StringNotEquals, StringLike, StringNotLike, "
                         "each optionally ...IfExists)");
    }
    if (!keys.is_object() || keys.empty())
      return Invalid(where + "." + op_name, "expected an object of keys");
    for (const auto& [key, values] : keys.items()) {
      IamCondition c = *base;
      c.key = Lower(key);
      if (!SupportedKey(c.key)) {
        return Invalid(where + "." + op_name,
                       "unsupported condition key '" + key +
                           "' (supported: iam:AWSServiceName, aws:RequestedRegion, "
                           "aws:ResourceTag/<key>)");
      }
      ARM_RETURN_IF_ERROR(StringList(values, where + "." + op_name + "." + key, &c.values));
      out->conditions.push_back(std::move(c));
    }
  }
  return arm::Status::Ok();
}

arm::Status ParseStatement(const json& s, const std::string& where, IamStatement* out) {
  if (!s.is_object()) return Invalid(where, "expected an object");
  static const char* const kFields[] = {"Sid",      "Effect",      "Action",   "NotAction",
                                        "Resource", "NotResource", "Condition"};
  for (const auto& [field, value] : s.items()) {
    bool known = false;
    for (const char* f : kFields) known = known || field == f;
    if (!known) return Invalid(where, "unsupported field '" + field + "'");
  }
  if (s.contains("Sid")) {
    if (!s["Sid"].is_string()) return Invalid(where + ".Sid", "expected a string");
    out->sid = s["Sid"].get<std::string>();
  }
  const json* effect = s.contains("Effect") ? &s["Effect"] : nullptr;
  if (effect == nullptr || !effect->is_string() || (*effect != "Allow" && *effect != "Deny")) {
    return Invalid(where + ".Effect", "expected \"Allow\" or \"Deny\"");
  }
  out->effect = *effect == "Allow" ? IamEffect::kAllow : IamEffect::kDeny;
  if (s.contains("Action") == s.contains("NotAction"))
    return Invalid(where, "needs exactly one of Action, NotAction");
  out->not_action = s.contains("NotAction");
  const char* action_field = out->not_action ? "NotAction" : "Action";
  ARM_RETURN_IF_ERROR(ParseActions(s[action_field], where + "." + action_field, &out->actions));
  if (s.contains("Resource") == s.contains("NotResource")) {
    return Invalid(where, "needs exactly one of Resource, NotResource");
  }
  out->not_resource = s.contains("NotResource");
  const char* resource_field = out->not_resource ? "NotResource" : "Resource";
  ARM_RETURN_IF_ERROR(
      ParseResources(s[resource_field], where + "." + resource_field, &out->resources));
  if (s.contains("Condition")) {
    ARM_RETURN_IF_ERROR(ParseConditions(s["Condition"], where + ".Condition", out));
  }
  return arm::Status::Ok();
}

bool AnyMatches(const std::vector<std::string>& patterns, std::string_view text) {
  for (const std::string& p : patterns) {
    if (IamGlobMatch(p, text)) return true;
  }
  return false;
}

// IAM: a key missing from the request fails the positive operators and
// passes the negated ones (and every ...IfExists).
bool ConditionHolds(const IamCondition& c, const IamConditionKeys& keys) {
  auto it = keys.find(c.key);
  if (it == keys.end()) {
    return c.if_exists || c.op == IamOperator::kStringNotEquals ||
           c.op == IamOperator::kStringNotLike;
  }
  const std::string& value = it->second;
  bool any = false;
  for (const std::string& v : c.values) {
    const bool like = c.op == IamOperator::kStringLike || c.op == IamOperator::kStringNotLike;
    any = any || (like ? IamGlobMatch(v, value) : v == value);
  }
  const bool negated = c.op == IamOperator::kStringNotEquals || c.op == IamOperator::kStringNotLike;
  return negated ? !any : any;
}

bool Applies(const IamStatement& s, const std::string& lower_action, std::string_view resource,
             const IamConditionKeys& keys) {
  if (AnyMatches(s.actions, lower_action) == s.not_action) return false;
  if (AnyMatches(s.resources, resource) == s.not_resource) return false;
  for (const IamCondition& c : s.conditions) {
    if (!ConditionHolds(c, keys)) return false;
  }
  return true;
}

}  // namespace

std::string IamPartition(std::string_view region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  return "aws";
}

std::string IamArn(std::string_view service, std::string_view region, std::string_view account,
                   std::string_view resource) {
  return "arn:" + IamPartition(region) + ":" + std::string(service) + ":" + std::string(region) +
         ":" + std::string(account) + ":" + std::string(resource);
}

bool IamGlobMatch(std::string_view pattern, std::string_view text) {
  // Tokens: a literal character (the special variables ${*}, ${?} and ${$}
  // are one too), '?' (any one) or '*' (any run).
  struct Token {
    char c;
    bool wild;
  };
  std::vector<Token> tokens;
  for (size_t i = 0; i < pattern.size(); ++i) {
    std::string_view rest = pattern.substr(i);
    if (rest.starts_with("${*}") || rest.starts_with("${?}") || rest.starts_with("${$}")) {
      tokens.push_back({rest[2], false});
      i += 3;
    } else {
      tokens.push_back({pattern[i], pattern[i] == '*' || pattern[i] == '?'});
    }
  }
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < tokens.size() && tokens[p].wild && tokens[p].c == '*') {
      star = p++;
      mark = t;
    } else if (p < tokens.size() &&
               (tokens[p].wild ? tokens[p].c == '?' : tokens[p].c == text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < tokens.size() && tokens[p].wild && tokens[p].c == '*') ++p;
  return p == tokens.size();
}

arm::Result<IamPolicy> ParseIamPolicy(const json& document) {
  if (!document.is_object()) return Invalid("document", "expected a JSON object");
  IamPolicy policy;
  policy.document = document;
  for (const auto& [field, value] : document.items()) {
    if (field != "Version" && field != "Id" && field != "Statement") {
      return Invalid("document", "unsupported field '" + field + "'");
    }
  }
  if (document.contains("Version") && document["Version"] != "2012-10-17" &&
      document["Version"] != "2008-10-17") {
    return Invalid("Version", "expected \"2012-10-17\" or \"2008-10-17\"");
  }
  if (!document.contains("Statement")) return Invalid("document", "has no Statement");
  const json& statements = document["Statement"];
  if (statements.is_object()) {
    IamStatement s;
    ARM_RETURN_IF_ERROR(ParseStatement(statements, "Statement", &s));
    policy.uses_resource_tags = UsesResourceTags(s);
    policy.statements.push_back(std::move(s));
    return policy;
  }
  if (!statements.is_array())
    return Invalid("Statement", "expected an object or a list of objects");
  for (size_t i = 0; i < statements.size(); ++i) {
    IamStatement s;
    std::string where = "Statement[" + std::to_string(i) + "]";
    if (statements[i].is_object() && statements[i].contains("Sid") &&
        statements[i]["Sid"].is_string()) {
      where += " (" + statements[i]["Sid"].get<std::string>() + ")";
    }
    ARM_RETURN_IF_ERROR(ParseStatement(statements[i], where, &s));
    policy.uses_resource_tags = policy.uses_resource_tags || UsesResourceTags(s);
    policy.statements.push_back(std::move(s));
  }
  return policy;
}

IamDecision EvaluateIamPolicy(const IamPolicy& policy, std::string_view action,
                              std::string_view resource, const IamConditionKeys& keys) {
  const std::string lower_action = Lower(action);
  bool allowed = false;
  for (const IamStatement& s : policy.statements) {
    if (!Applies(s, lower_action, resource, keys)) continue;
    if (s.effect == IamEffect::kDeny) return IamDecision::kExplicitDeny;
    allowed = true;
  }
  return allowed ? IamDecision::kAllow : IamDecision::kImplicitDeny;
}

std::string IamDenialMessage(std::string_view caller_arn, std::string_view action,
                             std::string_view resource, IamDecision decision) {
  std::string out =
      "User: " + std::string(caller_arn) + " is not authorized to perform: " + std::string(action);
  if (resource != "*") out += " on resource: " + std::string(resource);
  if (decision == IamDecision::kExplicitDeny)
    return out + " with an explicit deny in an identity-based policy";
  return out + " because no identity-based policy allows the " + std::string(action) + " action";
}

}  // namespace sandbox
