#include "aws/sts_credentials_client.h"

#include <pugixml.hpp>

#include "aws/aws_client.h"
#include "aws/protocols/query_xml.h"
#include "aws/protocols/wire_errors.h"
#include "core/redact.h"
#include "http/http.h"

namespace arm {
namespace {

// <Credentials><AccessKeyId/><SecretAccessKey/><SessionToken/><Expiration/>
// inside the operation's Result element.
Result<Credentials> ParseStsCredentials(const pugi::xml_node& result, const std::string& source) {
  pugi::xml_node node = result.child("Credentials");
  if (!node) return Status::Credentials(source + ": STS answer has no Credentials");
  Credentials c;
  c.access_key_id = node.child_value("AccessKeyId");
  c.secret_access_key = node.child_value("SecretAccessKey");
  c.session_token = node.child_value("SessionToken");
  c.source = source;
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return Status::Credentials(source + ": STS answer has no AccessKeyId or SecretAccessKey");
  }
  // Both go into request headers: a CR or LF would add headers.
  if (HasControlCharacter(c.access_key_id) || HasControlCharacter(c.session_token))
    return Status::Credentials(
        source + ": STS answer's AccessKeyId or SessionToken holds a control character; refused");
  std::string expiration = node.child_value("Expiration");
  std::chrono::system_clock::time_point t;
  if (!expiration.empty()) {
    if (!ParseIso8601(expiration, &t))
      return Status::Credentials(source + ": STS answer has a bad Expiration");
    c.expiration = t;
  }
  return c;
}

// An STS answer that does not parse is never quoted: even malformed, it may
// hold the secret key. The error says only what kind of answer it was.
Status Unquoted(const Status& s) {
  if (s.aws_code() != protocols::kMalformedResponseCode) return s;
  return Status::Credentials("STS answered HTTP " + std::to_string(s.http_status()) +
                             " with a body that is not an STS answer (not "
                             "shown: it may hold credentials)");
}

void AddCommon(query_xml::Params& p, const std::string& role_arn, const std::string& session_name,
               const std::optional<int>& duration) {
  p.emplace_back("RoleArn", role_arn);
  p.emplace_back("RoleSessionName", session_name);
  if (duration) p.emplace_back("DurationSeconds", std::to_string(*duration));
}

}  // namespace

Result<Credentials> QueryStsCredentialsClient::AssumeRole(const AssumeRoleParams& params,
                                                          const Credentials& source) {
  query_xml::Params p;
  AddCommon(p, params.role_arn, params.role_session_name, params.duration_seconds);
  if (!params.external_id.empty()) p.emplace_back("ExternalId", params.external_id);
  StaticCredentialsProvider source_provider(source);
  AwsClient client(transport_, source_provider, endpoints_, clock_, retry_);
  auto r = query_xml::Call(client, services::kSts, "AssumeRole", kStsVersion, p);
  if (!r.ok()) return Unquoted(r.status()).WithContext("assume role " + params.role_arn);
  return ParseStsCredentials(r->result, "assume-role");
}

Result<Credentials> QueryStsCredentialsClient::AssumeRoleWithWebIdentity(
    const WebIdentityParams& params) {
  // Unsigned: AwsClient always signs, so the request is sent here directly.
  auto endpoint = endpoints_.Resolve(services::kSts);
  if (!endpoint.ok()) return endpoint.status();
  query_xml::Params p;
  AddCommon(p, params.role_arn, params.role_session_name, params.duration_seconds);
  p.emplace_back("WebIdentityToken", params.web_identity_token);
  RememberSecret(params.web_identity_token);
  HttpRequest req = query_xml::BuildRequest("AssumeRoleWithWebIdentity", kStsVersion, p);
  req.scheme = endpoint->scheme;
  req.host = endpoint->host;
  if (!endpoint->base_path.empty()) req.path = endpoint->base_path;
  const std::string context = "assume role with web identity " + params.role_arn;
  RetryPolicy retry(retry_);
  for (int attempt = 1;; ++attempt) {
    auto resp = transport_.Send(req);
    Status error;
    if (!resp.ok()) {
      error = resp.status();
    } else if (resp->status / 100 == 2) {
      auto parsed = query_xml::ParseResponse(*resp, "AssumeRoleWithWebIdentity");
      if (!parsed.ok()) return Unquoted(parsed.status()).WithContext(context);
      return ParseStsCredentials(parsed->result, "assume-role-with-web-identity");
    } else {
      error = query_xml::ParseError(*resp);
    }
    auto delay = retry.NextDelay(error, attempt);
    if (!delay) return error.WithContext(context);
    clock_.SleepFor(*delay);
  }
}

}  // namespace arm
