#include "cli/app.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

#include "config/region.h"
#include "resources/registry.h"

namespace arm {
namespace {

std::set<std::string> ToSet(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

// Single quotes unless every character is safe unquoted in a POSIX shell.
std::string ShellQuote(const std::string& s) {
  bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("-_./:=@,+").find(c) != std::string_view::npos;
  });
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string Join(const std::vector<std::string>& items) {
  std::string list;
  for (const auto& k : items) list += (list.empty() ? "" : ", ") + k;
  return list;
}

// The offline planner's AWS seams: nothing leaves the process.
constexpr char kOfflineMessage[] =
    "the offline planner makes no AWS call (this is a bug: please report it)";

class OfflineTransport final : public HttpTransport {
 public:
  Result<HttpResponse> Send(const HttpRequest&) override {
    return Status::Internal(kOfflineMessage);
  }
};

class OfflineCredentials final : public CredentialsProvider {
 public:
  Result<Credentials> GetCredentials() override { return Status::Internal(kOfflineMessage); }
  std::string Name() const override { return "offline"; }
};

// Every flag that sets a config key: it wins over a bad value of that key in
// the file or the environment.
std::vector<FlagSetting> FlagSettings(const GlobalOptions& o) {
  std::vector<FlagSetting> flags;
  if (!o.profile.empty()) flags.push_back({"AWS_PROFILE", o.profile, "--profile"});
  if (!o.region.empty()) flags.push_back({"AWS_REGION", o.region, "--region"});
  if (!o.state_file.empty()) flags.push_back({"STATE_FILE", o.state_file, "--state-file"});
  if (!o.log_level.empty()) flags.push_back({"LOG_LEVEL", o.log_level, "--log-level"});
  if (o.max_workers) {
    flags.push_back({"MAX_WORKERS", std::to_string(*o.max_workers), "--max-workers"});
    flags.push_back(
        {"PARALLEL_OPERATIONS", *o.max_workers > 1 ? "true" : "false", "--max-workers"});
  }
  if (o.dry_run)
    flags.push_back({"DRY_RUN_DEFAULT", *o.dry_run ? "true" : "false",
                     *o.dry_run ? "--dry-run" : "--no-dry-run"});
  if (o.yes) flags.push_back({"REQUIRE_CONFIRMATION", "false", "--yes"});
  return flags;
}

}  // namespace

Result<std::set<std::string>> App::ParseTypes(const std::vector<std::string>& values,
                                              const char* flag) const {
  std::set<std::string> out;
  auto known = ResourceSelectors(registry_);
  for (const auto& v : values) {
    size_t pos = 0;
    while (pos <= v.size()) {
      size_t comma = v.find(',', pos);
      if (comma == std::string::npos) comma = v.size();
      std::string t = v.substr(pos, comma - pos);
      if (!t.empty()) {
        if (std::find(known.begin(), known.end(), t) == known.end()) {
          return Status::InvalidArgument(std::string(flag) + ": unknown resource type \"" + t +
                                         "\"; use one of " + Join(known));
        }
        out.insert(t);
      }
      pos = comma + 1;
    }
  }
  return out;
}

bool App::SelectsAnything() const {
  if (!config_.project_name.empty() || !config_.name_prefix.empty() || !config_.tag_key.empty())
    return true;
  for (const auto& entry : registry_) {
    const TypeInfo& info = *entry.info;
    if (!info.names_key.empty() && !config_.TypeValue(std::string(info.names_key)).names.empty())
      return true;
    if (!info.prefix_key.empty() && !config_.TypeValue(std::string(info.prefix_key)).text.empty())
      return true;
  }
  return false;
}

Result<std::unique_ptr<App>> App::CreateOffline(const Seams& seams, const GlobalOptions& options,
                                                std::vector<std::string>* warnings,
                                                const std::vector<TypeEntry>& registry) {
  std::unique_ptr<App> app(new App(seams, options, registry));
  app->offline_ = true;
  ARM_RETURN_IF_ERROR(app->Init(warnings));
  return app;
}

Result<std::unique_ptr<App>> App::Create(const Seams& seams, const GlobalOptions& options,
                                         std::vector<std::string>* warnings,
                                         const std::vector<TypeEntry>& registry) {
  std::unique_ptr<App> app(new App(seams, options, registry));
  ARM_RETURN_IF_ERROR(app->Init(warnings));
  return app;
}

int App::workers() const {
  if (options_.max_workers) return *options_.max_workers;
  return config_.parallel_operations ? config_.max_workers : 1;
}

Status App::Init(std::vector<std::string>* warnings) {
  bool explicit_config = !options_.config_file.empty();
  std::string config_path = explicit_config ? options_.config_file : kDefaultConfigPath;
  auto cfg = LoadProjectConfig(seams_.fs, seams_.env, config_path, explicit_config, warnings,
                               FlagSettings(options_), TypeConfigKeys(registry_));
  if (!cfg.ok()) return cfg.status();
  config_ = std::move(*cfg);
  // The state's folder holds the state, its backup, the lock and the temp
  // files: refused when someone else could swap them.
  ARM_RETURN_IF_ERROR(seams_.fs.CheckPrivateFolder(DirName(config_.state_file)));

  auto shared = SharedConfig::Load(seams_.fs, seams_.env);
  if (!shared.ok()) return shared.status();
  shared_ = std::move(*shared);
  // --profile > AWS_PROFILE > the project file's AWS_PROFILE > default.
  std::string profile_flag = options_.profile;
  if (profile_flag.empty() && !seams_.env.Get("AWS_PROFILE") && !config_.aws_profile.empty())
    profile_flag = config_.aws_profile;
  profile_name_ = SelectProfileName(profile_flag, seams_.env);
  profile_explicit_ = !profile_flag.empty() || !seams_.env.GetOr("AWS_PROFILE", "").empty() ||
                      !seams_.env.GetOr("AWS_DEFAULT_PROFILE", "").empty();
  auto profile = shared_.Get(profile_name_);
  if (!profile.ok()) return profile.status();
  profile_ = std::move(*profile);
  auto region = ResolveRegion(options_.region, seams_.env, profile_, config_.aws_region);
  if (region.ok()) {
    region_ = *region;
  } else if (!offline_ || !options_.region.empty()) {
    return region.status();
  }

  auto prices = PriceTable::Load(seams_.fs, seams_.env, TypePriceKeys(registry_));
  if (!prices.ok()) return prices.status();
  prices_ = std::move(*prices);

  RetryOptions retry;
  bool attempts_set = true;
  if (options_.max_attempts) {
    retry.max_attempts = *options_.max_attempts;
  } else if (auto v = seams_.env.Get("AWS_MAX_ATTEMPTS"); v && !v->empty()) {
    try {
      retry.max_attempts = std::stoi(*v);
    } catch (...) {
      return Status::InvalidArgument(
          "AWS_MAX_ATTEMPTS must be a whole number from 1 to 20, got \"" + *v + "\"");
    }
  } else if (auto p = profile_.Get("max_attempts")) {
    try {
      retry.max_attempts = std::stoi(*p);
    } catch (...) {
      return Status::InvalidArgument("max_attempts in profile " + profile_name_ +
                                     " must be a whole number");
    }
  } else {
    attempts_set = false;
  }
  if (retry.max_attempts < 1 || retry.max_attempts > 20)
    return Status::InvalidArgument("max attempts must be from 1 to 20, got " +
                                   std::to_string(retry.max_attempts));
  // AWS_RETRY_MODE / retry_mode as the SDKs read them, but adaptive (the
  // client-side rate limiter) by default: we send MAX_WORKERS calls at once.
  std::string retry_mode = "adaptive";
  if (auto v = seams_.env.Get("AWS_RETRY_MODE"); v && !v->empty()) {
    retry_mode = *v;
  } else if (auto p = profile_.Get("retry_mode"); p && !p->empty()) {
    retry_mode = *p;
  }
  if (retry_mode != "adaptive" && retry_mode != "standard" && retry_mode != "legacy")
    return Status::InvalidArgument(
        "AWS_RETRY_MODE (or retry_mode in the profile) must be adaptive, "
        "standard or "
        "legacy, got \"" +
        retry_mode + "\"");
  retry.adaptive = retry_mode == "adaptive";
  if (retry.adaptive && !attempts_set) retry.max_throttle_attempts = 10;

  ARM_RETURN_IF_ERROR(InitClients(retry));
  state_store_ = std::make_unique<StateStore>(seams_.fs, seams_.clock, config_.state_file);
  sns_ = std::make_unique<SnsClient>(*client_);
  s3_ = std::make_unique<S3Client>(*client_);
  if (!config_.state_backup_s3_bucket.empty()) {
    state_backup_ = std::make_unique<StateBackup>(
        *s3_, config_.state_backup_s3_bucket,
        StateBackup::KeyFor(config_.project_name, config_.environment));
    // The local durable file is what keeps the state safe: a failed upload
    // warns.
    state_store_->set_on_saved([backup = state_backup_.get()](const std::string& bytes) {
      Status s = backup->Upload(bytes);
      if (!s.ok()) spdlog::warn("{} (the local state file is saved)", s.ToString());
    });
  }

  // Validate the selection flags now (usage errors before any call).
  auto only = ParseTypes(options_.only, "--only");
  if (!only.ok()) return only.status();
  auto exclude = ParseTypes(options_.exclude, "--exclude");
  if (!exclude.ok()) return exclude.status();
  if (!options_.only.empty() && only->empty())
    return Status::InvalidArgument("--only names no resource type; use one or more of " +
                                   Join(ResourceSelectors(registry_)));
  size_t types_left = 0;
  for (const auto& t : ResourceSelectors(registry_))
    types_left += (only->empty() || only->count(t)) && !exclude->count(t);
  if (types_left == 0)
    return Status::InvalidArgument(
        "--only/--exclude leave no resource type selected; drop the --exclude "
        "of a type "
        "given to --only, or exclude fewer types");
  for (const auto& r : options_.resources)
    if (r.empty()) return Status::InvalidArgument("--resource needs a resource name");
  if (!options_.selection_optional && !SelectsAnything()) {
    return Status::InvalidArgument(
        "nothing is selected: set PROJECT_NAME (or NAME_PREFIX, TAG_KEY or the "
        "resource lists) in " +
        (config_.config_path.empty() ? std::string(kDefaultConfigPath) : config_.config_path) +
        " or the environment, or pass --config FILE (see "
        "config/aws-resource-manager.conf.example)");
  }
  ManagedSelection sel;
  sel.project = config_.project_name;
  sel.environment = config_.environment;
  sel.name_prefix = config_.name_prefix;
  for (const auto& entry : registry_) {
    const TypeInfo& info = *entry.info;
    const std::string selector(info.selector);
    // The config resolved an unset prefix key to NAME_PREFIX.
    if (!info.prefix_key.empty())
      sel.type_prefixes[selector] = config_.TypeValue(std::string(info.prefix_key)).text;
    if (!info.names_key.empty())
      sel.explicit_names[selector] = ToSet(config_.TypeValue(std::string(info.names_key)).names);
  }
  sel.tag_key = config_.tag_key;
  sel.tag_value = config_.tag_value;
  sel.only_types = *only;
  sel.exclude_types = *exclude;
  sel.resource_names = ToSet(options_.resources);
  // The options a suggested command must repeat to reach the same account,
  // region and state file.
  for (const auto& [flag, value] :
       {std::pair<const char*, const std::string&>{"--config", options_.config_file},
        {"--profile", options_.profile},
        {"--region", options_.region},
        {"--endpoint-url", options_.endpoint_url},
        {"--state-file", options_.state_file}}) {
    if (value.empty()) continue;
    sel.command_options +=
        (sel.command_options.empty() ? "" : " ") + std::string(flag) + " " + ShellQuote(value);
  }
  TypeContext context{*type_clients_, seams_.clock, config_};
  manager_ = std::make_unique<Manager>(MakeResourceTypes(context, registry_), *state_store_,
                                       seams_.clock, sel, tagging_.get(), "", region_);
  manager_->set_prices(&prices_);
  // --resource naming what no rule can select: refused before any call.
  return manager_->CheckResourceNamesByRules();
}

Status App::InitClients(const RetryOptions& retry) {
  if (offline_) {
    EndpointConfig ec;
    ec.region = region_.empty() ? "us-east-1" : region_;
    endpoints_ = std::make_unique<EndpointResolver>(ec, seams_.env);
    offline_transport_ = std::make_unique<OfflineTransport>();
    offline_credentials_ = std::make_unique<OfflineCredentials>();
    client_ = std::make_unique<AwsClient>(*offline_transport_, *offline_credentials_, *endpoints_,
                                          seams_.clock, retry);
  } else {
    EndpointConfig ec;
    ec.region = region_;
    ec.endpoint_url_flag = options_.endpoint_url;
    if (auto url = profile_.Get("endpoint_url")) ec.profile_endpoint_url = *url;
    endpoints_ = std::make_unique<EndpointResolver>(ec, seams_.env);
    // Fail now, not at the first call, on a malformed override.
    auto probe = endpoints_->Resolve(services::kSts);
    if (!probe.ok()) return probe.status();
    sts_credentials_ = std::make_unique<QueryStsCredentialsClient>(seams_.transport, *endpoints_,
                                                                   seams_.clock, retry);
    CredentialDeps deps{seams_.env,   seams_.fs,      seams_.transport,
                        seams_.clock, seams_.process, *sts_credentials_};
    credentials_ =
        std::make_unique<CredentialChain>(deps, shared_, profile_name_, !options_.profile.empty());
    client_ = std::make_unique<AwsClient>(seams_.transport, *credentials_, *endpoints_,
                                          seams_.clock, retry);
  }
  type_clients_ = std::make_unique<ClientSet>(*client_);
  tagging_ = std::make_unique<TaggingClient>(*client_);
  sts_ = std::make_unique<StsClient>(*client_);
  return Status::Ok();
}

Status App::Connect() {
  auto id = sts_->GetCallerIdentity();
  if (!id.ok()) {
    Status s = id.status();
    if (s.code() == StatusCode::kNetworkError) {
      std::string where = options_.endpoint_url.empty() ? "AWS" : options_.endpoint_url;
      return s.WithContext("cannot reach " + where + " (region " + region_ + ")");
    }
    s = s.WithContext("sts:GetCallerIdentity");
    if (s.code() == StatusCode::kCredentials && !s.aws_code().empty()) {
      // AWS's own text ("The security token included in the request is
      // invalid.") does not say what to do.
      return Status::Credentials(s.ToString() + "; check the credentials from " +
                                 CredentialsHint() +
                                 " (temporary credentials that expired must be refreshed)");
    }
    return s;
  }
  identity_ = *id;
  manager_->set_account_id(identity_.account);
  if (state_backup_ != nullptr) state_backup_->set_expected_owner(identity_.account);
  return Status::Ok();
}

std::string App::credentials_source() const {
  return credentials_ != nullptr ? credentials_->SourceName() : "";
}

std::string App::profile_used() const {
  bool from_profile = credentials_ != nullptr && credentials_->SourceIsProfile();
  return from_profile || profile_explicit_ ? profile_name_ : "";
}

void App::set_call_observer(CallObserver* observer) {
  if (client_ != nullptr) client_->set_run_observer(observer);
}

std::string App::CredentialsHint() const {
  std::string source = credentials_source();
  if (source == "environment variables")
    return "environment variables "
           "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN";
  if (!source.empty()) return source;
  if (profile_explicit_)
    return "profile " + profile_name_ + " or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
  return "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the default profile";
}

std::string App::RetrySummary() const {
  int64_t n = client_ != nullptr ? client_->throttled_retries() : 0;
  if (n == 0) return "";
  return fmt::format(
      "AWS throttled {} call attempt{}; each was retried after a backoff (see "
      "the debug log and the "
      "operation report for every attempt)",
      n, n == 1 ? "" : "s");
}

}  // namespace arm
