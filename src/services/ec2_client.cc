#include "services/ec2_client.h"

#include <algorithm>

#include "aws/protocols/query_xml.h"
#include "services/wire_util.h"

namespace arm {
namespace {

constexpr std::string_view kVersion = "2016-11-15";
constexpr int kVolumePageSize = 500;

// EC2 answers without an <OpResult> wrapper: the fields sit under the root.
Result<pugi::xml_node> Call(AwsClient& client, std::string_view action,
                            const query_xml::Params& params, CallStats* stats,
                            std::shared_ptr<pugi::xml_document>* keep) {
  auto r = query_xml::Call(client, services::kEc2, action, kVersion, params, stats);
  if (!r.ok()) return wire::NotFoundIf(r.status(), {"InvalidInstanceID.NotFound"});
  *keep = r->doc;
  return r->doc->document_element();
}

void AddFilter(query_xml::Params& params, int n, const std::string& name,
               const std::vector<std::string>& values) {
  std::string f = "Filter." + std::to_string(n);
  params.emplace_back(f + ".Name", name);
  for (size_t i = 0; i < values.size(); ++i)
    params.emplace_back(f + ".Value." + std::to_string(i + 1), values[i]);
}

void AddIds(query_xml::Params& params, const std::vector<std::string>& ids) {
  for (size_t i = 0; i < ids.size(); ++i)
    params.emplace_back("InstanceId." + std::to_string(i + 1), ids[i]);
}

Ec2Instance ParseInstance(pugi::xml_node n) {
  Ec2Instance i;
  i.id = n.child_value("instanceId");
  i.instance_type = n.child_value("instanceType");
  i.state = n.child("instanceState").child_value("name");
  i.root_device_type = n.child_value("rootDeviceType");
  i.lifecycle = n.child_value("instanceLifecycle");
  i.spot_request_id = n.child_value("spotInstanceRequestId");
  i.hibernation_configured = n.child("hibernationOptions").child("configured").text().as_bool();
  i.state_reason = n.child("stateReason").child_value("message");
  for (pugi::xml_node t : n.child("tagSet").children("item"))
    i.tags[t.child_value("key")] = t.child_value("value");
  for (pugi::xml_node b : n.child("blockDeviceMapping").children("item")) {
    std::string vol = b.child("ebs").child_value("volumeId");
    if (!vol.empty()) i.volume_ids.push_back(vol);
  }
  for (pugi::xml_node ni : n.child("networkInterfaceSet").children("item")) {
    pugi::xml_node assoc = ni.child("association");
    std::string ip = assoc.child_value("publicIp");
    if (ip.empty()) continue;
    i.public_ips.push_back({ip, std::string_view(assoc.child_value("ipOwnerId")) != "amazon"});
  }
  // An instance without interfaces in the answer still shows its address.
  std::string ip = n.child_value("ipAddress");
  if (!ip.empty() && i.public_ips.empty()) i.public_ips.push_back({ip, false});
  return i;
}

Result<std::vector<Ec2StateChange>> ChangeState(AwsClient& client, std::string_view action,
                                                const query_xml::Params& params, CallStats* stats) {
  std::shared_ptr<pugi::xml_document> doc;
  auto root = Call(client, action, params, stats, &doc);
  if (!root.ok()) return root.status();
  std::vector<Ec2StateChange> out;
  for (pugi::xml_node n : root->child("instancesSet").children("item"))
    out.push_back({n.child_value("instanceId"), n.child("previousState").child_value("name"),
                   n.child("currentState").child_value("name")});
  return out;
}

}  // namespace

Result<std::vector<Ec2Instance>> Ec2Client::DescribeInstances(const std::vector<std::string>& ids) {
  std::vector<Ec2Instance> out;
  for (size_t first = 0; first < ids.size(); first += kMaxFilterValues) {
    std::vector<std::string> chunk(ids.begin() + first,
                                   ids.begin() + std::min(ids.size(), first + kMaxFilterValues));
    std::string token;
    do {
      query_xml::Params params;
      AddFilter(params, 1, "instance-id", chunk);
      params.emplace_back("MaxResults", std::to_string(kPageSize));
      if (!token.empty()) params.emplace_back("NextToken", token);
      std::shared_ptr<pugi::xml_document> doc;
      auto root = Call(client_, "DescribeInstances", params, nullptr, &doc);
      if (!root.ok()) return root.status();
      for (pugi::xml_node r : root->child("reservationSet").children("item"))
        for (pugi::xml_node n : r.child("instancesSet").children("item"))
          out.push_back(ParseInstance(n));
      token = root->child_value("nextToken");
    } while (!token.empty());
  }
  return out;
}

Result<std::vector<Ec2Volume>> Ec2Client::DescribeVolumes(const std::vector<std::string>& ids) {
  std::vector<Ec2Volume> out;
  for (size_t first = 0; first < ids.size(); first += kMaxFilterValues) {
    std::vector<std::string> chunk(ids.begin() + first,
                                   ids.begin() + std::min(ids.size(), first + kMaxFilterValues));
    std::string token;
    do {
      query_xml::Params params;
      AddFilter(params, 1, "volume-id", chunk);
      params.emplace_back("MaxResults", std::to_string(kVolumePageSize));
      if (!token.empty()) params.emplace_back("NextToken", token);
      std::shared_ptr<pugi::xml_document> doc;
      auto root = Call(client_, "DescribeVolumes", params, nullptr, &doc);
      if (!root.ok()) return root.status();
      for (pugi::xml_node n : root->child("volumeSet").children("item")) {
        Ec2Volume v;
        v.id = n.child_value("volumeId");
        v.volume_type = n.child_value("volumeType");
        v.size_gb = n.child("size").text().as_int();
        for (pugi::xml_node a : n.child("attachmentSet").children("item"))
          v.instance_ids.push_back(a.child_value("instanceId"));
        out.push_back(std::move(v));
      }
      token = root->child_value("nextToken");
    } while (!token.empty());
  }
  return out;
}

Result<std::vector<Ec2StateChange>> Ec2Client::StopInstances(const std::vector<std::string>& ids,
                                                             bool hibernate, CallStats* stats) {
  query_xml::Params params;
  AddIds(params, ids);
  if (hibernate) params.emplace_back("Hibernate", "true");
  return ChangeState(client_, "StopInstances", params, stats);
}

Result<std::vector<Ec2StateChange>> Ec2Client::StartInstances(const std::vector<std::string>& ids,
                                                              CallStats* stats) {
  query_xml::Params params;
  AddIds(params, ids);
  return ChangeState(client_, "StartInstances", params, stats);
}

}  // namespace arm
