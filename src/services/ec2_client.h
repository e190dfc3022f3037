#pragma once
// Amazon EC2 (the EC2 query protocol, 2016-11-15): instances and their
// volumes. Requests are query forms with EC2's flat lists ("InstanceId.1",
// "Filter.1.Value.1"); answers are XML in EC2's namespace with <item> lists
// and a lower-case <requestId>; errors <Response><Errors><Error>. Wire calls
// only.
#include <map>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct Ec2PublicIp {
  std::string ip;
  // An Elastic IP (ipOwnerId is an account, not "amazon"): it stays with the
  // stopped instance and bills; an auto-assigned address is released at stop.
  bool elastic = false;
};

struct Ec2Instance {
  std::string id, instance_type, state;  // state: pending | running | stopping | stopped ...
  std::string root_device_type;          // ebs | instance-store
  std::string lifecycle;                 // "" (on-demand) | spot | scheduled | capacity-block
  std::string spot_request_id;
  bool hibernation_configured = false;
  std::string state_reason;  // stateReason/message, when AWS gives one
  std::map<std::string, std::string> tags;
  std::vector<std::string> volume_ids;  // EBS volumes of its block device mappings
  std::vector<Ec2PublicIp> public_ips;
};

struct Ec2Volume {
  std::string id, volume_type;  // gp3 | gp2 | io1 | io2 | st1 | sc1 | standard
  int size_gb = 0;
  std::vector<std::string> instance_ids;  // attached to
};

// One instance's change of state as StopInstances / StartInstances answer it.
struct Ec2StateChange {
  std::string id, previous_state, current_state;
};

class Ec2Client {
 public:
  explicit Ec2Client(AwsClient& client) : client_(client) {}

  // The instances among `ids` that exist (terminated ones included, as AWS
  // lists them for a while), every page: a filter on instance-id, so an
  // unknown id is simply absent instead of failing the call.
  Result<std::vector<Ec2Instance>> DescribeInstances(const std::vector<std::string>& ids);
  // The volumes among `ids`, every page (filter volume-id).
  Result<std::vector<Ec2Volume>> DescribeVolumes(const std::vector<std::string>& ids);
  Result<std::vector<Ec2StateChange>> StopInstances(const std::vector<std::string>& ids,
                                                    bool hibernate, CallStats* stats = nullptr);
  Result<std::vector<Ec2StateChange>> StartInstances(const std::vector<std::string>& ids,
                                                     CallStats* stats = nullptr);

  // Values per filter AWS accepts (the ids of one call, split beyond it).
  static constexpr size_t kMaxFilterValues = 200;
  static constexpr int kPageSize = 1000;

 private:
  AwsClient& client_;
};

}  // namespace arm
