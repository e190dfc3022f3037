#pragma once
// The EC2 query protocol on the sandbox's side: its flat request lists and
// filters, its XML answers (EC2's namespace, <item> lists, a lower-case
// <requestId>) and its <Response><Errors> error shape, and the instances
// and volumes they describe.
#include <chrono>
#include <functional>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "sandbox/wire.h"

namespace sandbox {

struct Ec2SandboxInstance {
  std::string id, instance_type = "t3.micro", state = "running";
  std::string root_device_type = "ebs";
  std::string lifecycle;          // "" | spot
  std::string spot_request_type;  // spot: one-time | persistent
  bool hibernation_configured = false;
  bool hibernated = false;  // the last stop hibernated it
  std::map<std::string, std::string> tags;
  std::string public_ip;
  bool elastic_ip = false;
  std::vector<std::string> volume_ids;
  std::chrono::system_clock::time_point settles_at;  // end of pending / stopping
};

struct Ec2SandboxVolume {
  std::string id, volume_type = "gp3", instance_id;
  int size_gb = 8;
};

// "running" -> 16, as EC2's instanceState/code.
int Ec2StateCode(const std::string& state);
// EC2's flat lists: "InstanceId.1", "InstanceId.2", ...
std::vector<std::string> Ec2List(const FormParams& form, const std::string& prefix);

struct Ec2Filter {
  std::string name;
  std::set<std::string> values;
};
// "Filter.N.Name" with its "Filter.N.Value.M".
std::vector<Ec2Filter> Ec2Filters(const FormParams& form);

// <Response><Errors><Error><Code>..</Code><Message>..</Message></Error>
// </Errors><RequestID>..</RequestID></Response>.
Response Ec2Error(int status, std::string_view code, std::string_view message);
// The answer of an AwsError status.
Response Ec2Error(const arm::Status& s);
// <ActionResponse xmlns=EC2's><requestId>..</requestId>(fill)</ActionResponse>.
Response Ec2Ok(const std::string& action, const std::function<void(pugi::xml_node)>& fill);

// <name><code>16</code><name>running</name></name>.
void AddEc2State(pugi::xml_node parent, const char* name, const std::string& state);
// An auto-assigned address exists only while the instance runs.
bool HasPublicIp(const Ec2SandboxInstance& i);
// One reservationSet item holding the instance, as DescribeInstances answers.
void AddInstanceItem(pugi::xml_node reservations, const Ec2SandboxInstance& i,
                     const std::string& account, const std::string& region);
// One volumeSet item, as DescribeVolumes answers.
void AddVolumeItem(pugi::xml_node set, const Ec2SandboxVolume& v, const std::string& region);

}  // namespace sandbox
