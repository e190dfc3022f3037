#include "tests/testing/aws_cli_models.h"

#include <nlohmann/json.hpp>

namespace arm::testing {

const std::vector<std::string> kAwsCliServices = {
    "application-autoscaling",
    "autoscaling",
    "cloudwatch",
    "dynamodb",
    "ec2",
    "ecs",
    "eks",
    "iam",
    "kinesis",
    "lambda",
    "rds",
    "resourcegroupstaggingapi",
    "s3",
    "sagemaker",
    "sns",
    "sts",
};

// Debian's AWS CLI v2 carries its own botocore as awscli.botocore (a
// system-wide botocore may also be installed, for other programs); the pip
// CLI v1 uses the botocore package. resolved_protocol (botocore >= 1.36)
// picks from `metadata.protocols`, as the client does; older ones have only
// `metadata.protocol`.
const char kAwsCliProbeScript[] = R"py(
import importlib, json, os, sys
import awscli
try:
    base = importlib.import_module("awscli.botocore").__name__
except ImportError:
    base = "botocore"
package = importlib.import_module(base)
loader = importlib.import_module(base + ".loaders").create_loader()
model = importlib.import_module(base + ".model")
protocols = {}
for name in sys.argv[1:]:
    try:
        service = model.ServiceModel(loader.load_service_model(name, "service-2"), name)
        protocols[name] = getattr(service, "resolved_protocol", None) or service.protocol
    except Exception:
        protocols[name] = None
data = os.path.join(os.path.dirname(package.__file__), "data")
apis = [v for s in os.listdir(data) if os.path.isdir(os.path.join(data, s))
        for v in os.listdir(os.path.join(data, s)) if v[:1].isdigit()]
print(json.dumps({"version": awscli.__version__, "data": data,
                  "newest_api": max(apis, default=""), "protocols": protocols}))
)py";

namespace {

using nlohmann::json;

json ModelsToJson(const AwsCliModels& m) {
  return {{"path", m.cli.path},
          {"label", m.cli.label},
          {"newest_api", m.newest_api},
          {"data_dir", m.data_dir},
          {"protocols", m.protocols}};
}

AwsCliModels ModelsFromJson(const json& j) {
  AwsCliModels m;
  m.cli.path = j.at("path").get<std::string>();
  m.cli.label = j.at("label").get<std::string>();
  m.newest_api = j.at("newest_api").get<std::string>();
  m.data_dir = j.at("data_dir").get<std::string>();
  m.protocols = j.at("protocols").get<std::map<std::string, std::string>>();
  return m;
}

Status CheckCacheDir(FileSystem& fs, const std::string& dir) {
  if (fs.IsSymlink(dir))
    return Status::InvalidArgument("refusing cache folder " + dir + ": it is a symbolic link");
  return fs.CheckPrivateFolder(dir);
}

}  // namespace

std::vector<AwsCli> ChooseAwsClis(const std::vector<AwsCliModels>& clis,
                                  const std::vector<std::string>& services, bool every_cli) {
  std::vector<bool> chosen(clis.size(), every_cli);
  std::map<std::vector<std::string>, size_t> newest;  // protocols -> index
  for (size_t i = 0; i < clis.size() && !every_cli; ++i) {
    std::vector<std::string> spoken;
    for (const auto& service : services) {
      auto it = clis[i].protocols.find(service);
      if (it == clis[i].protocols.end()) break;
      spoken.push_back(it->second);
    }
    if (spoken.size() < services.size()) {
      chosen[i] = true;  // unknown: it may differ from every other CLI
      continue;
    }
    auto [it, first] = newest.emplace(spoken, i);
    if (!first && clis[i].newest_api > clis[it->second].newest_api) it->second = i;
  }
  for (const auto& [spoken, i] : newest) chosen[i] = true;
  std::vector<AwsCli> out;
  for (size_t i = 0; i < clis.size(); ++i) {
    if (chosen[i]) out.push_back(clis[i].cli);
  }
  return out;
}

Result<AwsCliModels> ParseAwsCliProbe(const std::string& path, const std::string& out) {
  json j = json::parse(out, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("version") || !j["version"].is_string() ||
      !j.contains("data") || !j["data"].is_string() || !j.contains("newest_api") ||
      !j["newest_api"].is_string() || !j.contains("protocols") || !j["protocols"].is_object())
    return Status::Corruption("the probe of " + path + " printed no models: " + out);
  AwsCliModels m;
  m.cli = {path, "aws-cli/" + j["version"].get<std::string>() + " (" + path + ")"};
  m.newest_api = j["newest_api"].get<std::string>();
  m.data_dir = j["data"].get<std::string>();
  for (const auto& [service, protocol] : j["protocols"].items()) {
    if (protocol.is_string()) m.protocols[service] = protocol.get<std::string>();
  }
  return m;
}

Result<AwsCliProbeRecord> ReadAwsCliProbeCache(
    FileSystem& fs, const std::string& dir, const std::vector<std::string>& paths,
    const std::function<int64_t(const std::string&)>& mtime_of) {
  ARM_RETURN_IF_ERROR(CheckCacheDir(fs, dir));
  ReadLimits limits;
  limits.max_bytes = kMaxConfigFileBytes;
  limits.own_regular_file = true;
  auto text = fs.ReadFile(dir + "/" + kAwsCliProbeFile, limits);
  if (!text.ok()) return text.status();
  AwsCliProbeRecord record;
  try {
    json j = json::parse(*text);
    record.paths = j.at("paths").get<std::vector<std::string>>();
    record.mtimes = j.at("mtimes").get<std::map<std::string, int64_t>>();
    for (const auto& cli : j.at("clis")) record.clis.push_back(ModelsFromJson(cli));
  } catch (const json::exception& e) {
    return Status::NotFound("unreadable probe cache " + dir + ": " + e.what());
  }
  if (record.paths != paths) return Status::NotFound("the probe cache is for other CLIs");
  for (const auto& [path, mtime] : record.mtimes) {
    if (mtime_of(path) != mtime) return Status::NotFound(path + " changed since it was probed");
  }
  return record;
}

Status WriteAwsCliProbeCache(FileSystem& fs, const std::string& dir,
                             const AwsCliProbeRecord& record) {
  ARM_RETURN_IF_ERROR(CheckCacheDir(fs, dir));
  ARM_RETURN_IF_ERROR(fs.CreateDirs(dir, 0700));
  ARM_RETURN_IF_ERROR(CheckCacheDir(fs, dir));
  json clis = json::array();
  for (const auto& cli : record.clis) clis.push_back(ModelsToJson(cli));
  json j = {{"paths", record.paths}, {"mtimes", record.mtimes}, {"clis", clis}};
  return fs.WriteFileDurable(dir + "/" + kAwsCliProbeFile, j.dump(1) + "\n", 0600);
}

}  // namespace arm::testing
