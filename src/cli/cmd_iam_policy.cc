// iam-policy: the least-privilege policy this configuration needs, with every
// mutating action on the project's own ARNs.
#include <algorithm>
#include <set>

#include "audit/state_backup.h"
#include "cli/commands.h"
#include "cli/discovered.h"
#include "core/printable.h"
#include "resources/iam_policy.h"

namespace arm {
namespace {

constexpr size_t kManagedPolicyLimit = 6144;

// The first character IAM refuses in a policy (it takes U+0009, U+000A,
// U+000D and U+0020 to U+00FF) in a UTF-8 string, or npos.
size_t FirstOutsideLatin1(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return i;
    if (c < 0x80) continue;
    // U+0080 to U+00FF are C2 xx and C3 xx.
    if ((c == 0xC2 || c == 0xC3) && i + 1 < text.size()) {
      ++i;
      continue;
    }
    return i;
  }
  return std::string::npos;
}

bool IsAccountId(const std::string& s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

ExitCode RunIamPolicy(CommandContext& ctx, const IamPolicyOptions& options) {
  App& app = ctx.app;
  const std::string& file = options.output_file;
  if (file == "text" || file == "json") {
    ctx.err << "error: iam-policy --output takes a file name (or - for stdout) and always writes "
               "JSON; to write a "
               "file called \""
            << file << "\" use --output ./" << file << "\n";
    return ExitCode::kUsage;
  }
  std::string account = options.account;
  if (!account.empty() && !IsAccountId(account)) {
    ctx.err << "error: --account " << Printable(account)
            << " is not an AWS account ID (12 digits)\n";
    return ExitCode::kUsage;
  }
  if (account.empty()) {
    Status connected = app.Connect();
    if (!connected.ok()) {
      ctx.err << "note: the policy names the account; pass --account ID to print it without "
                 "credentials\n";
      return FailBeforeChanges(ctx, connected);
    }
    account = app.account_id();
  }

  PolicyScope scope;
  scope.partition = PartitionOf(app.region());
  scope.region = app.region();
  scope.account = account;
  std::vector<const ResourceType*> types = app.manager().SelectedTypes();
  std::vector<std::string> by_tag;
  std::set<std::string> prefixes;
  for (const ResourceType* t : types) {
    TypeSelection rules = app.manager().RulesFor(*t);
    std::vector<std::string>& names = scope.names[std::string(t->type())];
    if (!rules.name_prefix.empty()) {
      names.push_back(IamLiteral(rules.name_prefix) + "*");
      prefixes.insert(rules.name_prefix);
    }
    for (const auto& name : rules.explicit_names) names.push_back(IamLiteral(name));
    if (!rules.tag_key.empty()) {
      names = {"*"};
      by_tag.emplace_back(t->selector());
    }
  }
  const ProjectConfig& config = app.config();
  scope.sns_topic_arn = config.sns_topic_arn;
  if (!config.state_backup_s3_bucket.empty())
    scope.state_backup_object =
        config.state_backup_s3_bucket + "/" +
        IamLiteral(StateBackup::KeyFor(config.project_name, config.environment));
  if (!by_tag.empty()) {
    std::string list;
    for (const auto& s : by_tag) list += (list.empty() ? "" : ", ") + s;
    ctx.err << "warning: a selection by tag (TAG_KEY) names no resource a policy can scope to: the "
               "statements of "
            << list
            << " allow every resource of the type in the region; list the names to narrow them\n";
  }

  for (const auto& prefix : prefixes)
    ctx.err << "warning: the prefix \"" << Printable(prefix)
            << "\" lets these credentials change every resource whose name starts with it, "
               "whichever project "
               "it belongs to; a longer prefix, or names listed in the configuration, narrow it\n";

  // What AWS scopes by no resource but a condition on the namespace.
  std::set<std::string> unscopable;
  for (const ResourceType* t : types)
    for (const auto& p : t->Permissions())
      if (!scope.names[std::string(t->type())].empty() &&
          p.resources == std::vector<std::string>{"*"} && !p.condition.is_null())
        unscopable.insert(p.action.substr(0, p.action.find(':')));
  for (const auto& service : unscopable)
    ctx.err << "warning: AWS cannot scope " << service
            << " changes to resources: its statement allows them on every resource its condition "
               "names (the "
               "namespace), not only this project's\n";
  nlohmann::ordered_json policy = BuildIamPolicy(types, scope);
  for (const auto& st : policy.at("Statement")) {
    const auto& resources = st.at("Resource");
    for (const auto& r :
         resources.is_array() ? resources : nlohmann::ordered_json::array({resources})) {
      const std::string arn = r.get<std::string>();
      if (FirstOutsideLatin1(arn) == std::string::npos) continue;
      ctx.err << "error: the policy would hold a character IAM refuses (only tab, line breaks and "
                 "U+0020 to "
                 "U+00FF) in "
              << Printable(arn) << "; check the names and prefixes of the configuration\n";
      return ExitCode::kUsage;
    }
  }
  std::string compact = policy.dump();
  // IAM counts a policy's characters without white space.
  const size_t size = compact.size();
  if (size > kManagedPolicyLimit)
    ctx.err << "warning: the policy has " << size
            << " characters without white space; IAM takes at most " << kManagedPolicyLimit
            << " in a managed policy (10,240 inline in a role): select by NAME_PREFIX, or split "
               "the statements "
               "over several policies\n";
  std::string text = policy.dump(2) + "\n";
  if (file.empty() || file == "-") {
    ctx.out << text;
    return ExitCode::kOk;
  }
  Status written = app.seams().fs.WriteFileDurable(file, text, 0600);
  if (!written.ok()) {
    ctx.err << "error: cannot write the policy to " << Printable(file) << ": "
            << Printable(written.ToString()) << " (check that its folder exists and is writable)\n";
    return ExitCode::kUsage;
  }
  if (!app.options().quiet)
    ctx.err << "Policy for " << config.project_name << " (" << scope.region << ", account "
            << account << ") written to " << Printable(file) << "\n";
  return ExitCode::kOk;
}

}  // namespace arm
