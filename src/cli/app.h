#pragma once
// Wiring from seams + options to a ready Manager: configuration, profile,
// region, endpoints, credentials, AWS clients, resource types, state store.
// main.cc builds the real seams; tests may pass fakes.
#include <memory>
#include <string>
#include <vector>

#include "audit/state_backup.h"
#include "aws/aws_client.h"
#include "aws/credential_chain.h"
#include "aws/sts_credentials_client.h"
#include "cli/options.h"
#include "cli/terminal.h"
#include "config/aws_shared_config.h"
#include "config/project_config.h"
#include "core/environment.h"
#include "core/file_system.h"
#include "core/process.h"
#include "cost/price_table.h"
#include "engine/manager.h"
#include "resources/registry.h"
#include "services/client_set.h"
#include "services/s3_client.h"
#include "services/sns_client.h"
#include "services/sts_client.h"
#include "services/tagging_client.h"
#include "state/state_file.h"

namespace arm {

struct Seams {
  const Environment& env;
  FileSystem& fs;
  Clock& clock;
  HttpTransport& transport;
  ProcessRunner& process;
  Terminal& terminal;
};

class App {
 public:
  // Reads the config file, the shared AWS files, the profile and the region.
  // No network. Errors are InvalidArgument (exit 2) with one clear line.
  // `registry`: the managed types (tests may pass their own); it outlives
  // the App.
  static Result<std::unique_ptr<App>> Create(const Seams& seams, const GlobalOptions& options,
                                             std::vector<std::string>* warnings,
                                             const std::vector<TypeEntry>& registry = Registry());
  // For the offline planner: the same configuration and resource types, but
  // no credential chain, no STS and no transport: every AWS call fails at
  // once without leaving the process. The region may stay empty (the
  // snapshot supplies it); --endpoint-url is ignored.
  static Result<std::unique_ptr<App>> CreateOffline(
      const Seams& seams, const GlobalOptions& options, std::vector<std::string>* warnings,
      const std::vector<TypeEntry>& registry = Registry());

  // Resolves credentials and asks STS who we are (fills account/arn).
  Status Connect();

  Manager& manager() { return *manager_; }
  const ProjectConfig& config() const { return config_; }
  const GlobalOptions& options() const { return options_; }
  const std::string& region() const { return region_; }
  // The profile the run used, for the audit report: the one the
  // credentials came from, or the one chosen explicitly (--profile,
  // AWS_PROFILE, AWS_DEFAULT_PROFILE, the project file's AWS_PROFILE), whose
  // settings (region, endpoint, retries) apply whatever the credentials'
  // source. "" when neither: the implicit "default" named nothing used.
  std::string profile_used() const;
  // Where the credentials in use came from (CredentialChain::SourceName);
  // "" when none were fetched yet (or offline).
  std::string credentials_source() const;
  // Every AWS call from now on is reported to `observer` (the run's audit
  // trail); nullptr detaches.
  void set_call_observer(CallObserver* observer);
  const std::string& account_id() const { return identity_.account; }
  const std::string& caller_arn() const { return identity_.arn; }
  const PriceTable& prices() const { return prices_; }
  StateStore& state_store() { return *state_store_; }
  SnsClient& sns() { return *sns_; }
  // nullptr unless STATE_BACKUP_S3_BUCKET is set.
  StateBackup* state_backup() { return state_backup_.get(); }
  const Seams& seams() const { return seams_; }
  int workers() const;
  // One line on the throttled calls that were retried, or "" when none.
  std::string RetrySummary() const;

 private:
  // Where to fix credentials AWS refused: the source in use, by name.
  std::string CredentialsHint() const;
  App(const Seams& seams, GlobalOptions options, const std::vector<TypeEntry>& registry)
      : seams_(seams), options_(std::move(options)), registry_(registry) {}
  // "--only kinesis,lambda" and repeated flags both work.
  Result<std::set<std::string>> ParseTypes(const std::vector<std::string>& values,
                                           const char* flag) const;
  // Whether the configuration selects anything at all.
  bool SelectsAnything() const;
  Status Init(std::vector<std::string>* warnings);
  Status InitClients(const RetryOptions& retry);
  void BuildManager();

  Seams seams_;
  GlobalOptions options_;
  const std::vector<TypeEntry>& registry_;
  ProjectConfig config_;
  SharedConfig shared_;
  std::string profile_name_;
  bool profile_explicit_ = false;  // not the implicit "default"
  Profile profile_;
  std::string region_;
  PriceTable prices_;
  CallerIdentity identity_;

  bool offline_ = false;
  std::unique_ptr<HttpTransport> offline_transport_;
  std::unique_ptr<CredentialsProvider> offline_credentials_;
  std::unique_ptr<EndpointResolver> endpoints_;
  std::unique_ptr<QueryStsCredentialsClient> sts_credentials_;
  std::unique_ptr<CredentialChain> credentials_;
  std::unique_ptr<AwsClient> client_;
  // The resource types' clients, made as they ask.
  std::unique_ptr<ClientSet> type_clients_;
  std::unique_ptr<TaggingClient> tagging_;
  std::unique_ptr<StsClient> sts_;
  std::unique_ptr<SnsClient> sns_;
  std::unique_ptr<S3Client> s3_;
  std::unique_ptr<StateBackup> state_backup_;
  std::unique_ptr<StateStore> state_store_;
  std::unique_ptr<Manager> manager_;
};

}  // namespace arm
