#include "sandbox/ec2_wire.h"

namespace sandbox {
namespace {

constexpr char kXmlns[] = "http://ec2.amazonaws.com/doc/2016-11-15/";

}  // namespace

int Ec2StateCode(const std::string& state) {
  static const std::map<std::string, int> kCodes = {{"pending", 0},        {"running", 16},
                                                    {"shutting-down", 32}, {"terminated", 48},
                                                    {"stopping", 64},      {"stopped", 80}};
  auto it = kCodes.find(state);
  return it == kCodes.end() ? 0 : it->second;
}

std::vector<std::string> Ec2List(const FormParams& form, const std::string& prefix) {
  std::vector<std::string> out;
  for (int i = 1;; ++i) {
    const std::string* v = FormValue(form, prefix + "." + std::to_string(i));
    if (v == nullptr) break;
    out.push_back(*v);
  }
  return out;
}

std::vector<Ec2Filter> Ec2Filters(const FormParams& form) {
  std::vector<Ec2Filter> out;
  for (int i = 1;; ++i) {
    std::string f = "Filter." + std::to_string(i);
    const std::string* name = FormValue(form, f + ".Name");
    if (name == nullptr) break;
    auto values = Ec2List(form, f + ".Value");
    out.push_back({*name, {values.begin(), values.end()}});
  }
  return out;
}

Response Ec2Error(int status, std::string_view code, std::string_view message) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = doc.append_child("Response");
  pugi::xml_node err = root.append_child("Errors").append_child("Error");
  AddText(err, "Code", std::string(code));
  AddText(err, "Message", std::string(message));
  std::string rid = NewRequestId();
  AddText(root, "RequestID", rid);
  Response r;
  r.status = status;
  r.content_type = "text/xml;charset=UTF-8";
  r.body = XmlToString(doc);
  r.headers.emplace_back("x-amzn-RequestId", rid);
  return r;
}
Response Ec2Error(const arm::Status& s) {
  return Ec2Error(s.http_status(), s.aws_code(), s.message());
}

Response Ec2Ok(const std::string& action, const std::function<void(pugi::xml_node)>& fill) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  std::string root_name = action + "Response";
  pugi::xml_node root = doc.append_child(root_name.c_str());
  root.append_attribute("xmlns") = kXmlns;
  std::string rid = NewRequestId();
  AddText(root, "requestId", rid);
  fill(root);
  Response r;
  r.status = 200;
  r.content_type = "text/xml;charset=UTF-8";
  r.body = XmlToString(doc);
  r.headers.emplace_back("x-amzn-RequestId", rid);
  return r;
}

void AddEc2State(pugi::xml_node parent, const char* name, const std::string& state) {
  pugi::xml_node s = parent.append_child(name);
  AddText(s, "code", std::to_string(Ec2StateCode(state)));
  AddText(s, "name", state);
}

namespace {

void AddTags(pugi::xml_node parent, const std::map<std::string, std::string>& tags) {
  if (tags.empty()) return;
  pugi::xml_node set = parent.append_child("tagSet");
  for (const auto& [k, v] : tags) {
    pugi::xml_node item = set.append_child("item");
    AddText(item, "key", k);
    AddText(item, "value", v);
  }
}

}  // namespace

bool HasPublicIp(const Ec2SandboxInstance& i) {
  return !i.public_ip.empty() && (i.elastic_ip || i.state == "pending" || i.state == "running");
}

void AddInstanceItem(pugi::xml_node reservations, const Ec2SandboxInstance& i,
                     const std::string& account, const std::string& region) {
  pugi::xml_node r = reservations.append_child("item");
  AddText(r, "reservationId", "r-" + i.id.substr(2));
  AddText(r, "ownerId", account);
  r.append_child("groupSet");
  pugi::xml_node n = r.append_child("instancesSet").append_child("item");
  AddText(n, "instanceId", i.id);
  AddText(n, "imageId", "ami-0abcdef1234567890");
  AddEc2State(n, "instanceState", i.state);
  AddText(n, "privateDnsName", "ip-10-0-0-1.ec2.internal");
  AddText(n, "instanceType", i.instance_type);
  AddText(n, "launchTime", "2026-01-05T09:00:00.000Z");
  AddText(n.append_child("placement"), "availabilityZone", region + "a");
  if (i.state == "stopped") {
    AddText(n, "reason", "User initiated");
    pugi::xml_node sr = n.append_child("stateReason");
    AddText(sr, "code", "Client.UserInitiatedShutdown");
    AddText(sr, "message", "Client.UserInitiatedShutdown: User initiated shutdown");
  }
  if (HasPublicIp(i)) AddText(n, "ipAddress", i.public_ip);
  AddText(n, "rootDeviceType", i.root_device_type);
  AddText(n, "rootDeviceName", "/dev/xvda");
  pugi::xml_node bdm = n.append_child("blockDeviceMapping");
  char device = 'a';
  for (const auto& v : i.volume_ids) {
    pugi::xml_node b = bdm.append_child("item");
    AddText(b, "deviceName", std::string("/dev/xvd") + device++);
    pugi::xml_node ebs = b.append_child("ebs");
    AddText(ebs, "volumeId", v);
    AddText(ebs, "status", "attached");
    AddText(ebs, "deleteOnTermination", "true");
  }
  if (!i.lifecycle.empty()) AddText(n, "instanceLifecycle", i.lifecycle);
  if (i.lifecycle == "spot") AddText(n, "spotInstanceRequestId", "sir-" + i.id.substr(2));
  AddTags(n, i.tags);
  pugi::xml_node nis = n.append_child("networkInterfaceSet");
  pugi::xml_node ni = nis.append_child("item");
  AddText(ni, "networkInterfaceId", "eni-" + i.id.substr(2));
  if (HasPublicIp(i)) {
    pugi::xml_node a = ni.append_child("association");
    AddText(a, "publicIp", i.public_ip);
    AddText(a, "ipOwnerId", i.elastic_ip ? account : "amazon");
  }
  AddText(n.append_child("hibernationOptions"), "configured",
          i.hibernation_configured ? "true" : "false");
}

void AddVolumeItem(pugi::xml_node set, const Ec2SandboxVolume& v, const std::string& region) {
  pugi::xml_node n = set.append_child("item");
  AddText(n, "volumeId", v.id);
  AddText(n, "size", std::to_string(v.size_gb));
  AddText(n, "availabilityZone", region + "a");
  AddText(n, "status", v.instance_id.empty() ? "available" : "in-use");
  AddText(n, "createTime", "2026-01-05T09:00:00.000Z");
  pugi::xml_node att = n.append_child("attachmentSet");
  if (!v.instance_id.empty()) {
    pugi::xml_node a = att.append_child("item");
    AddText(a, "volumeId", v.id);
    AddText(a, "instanceId", v.instance_id);
    AddText(a, "device", "/dev/xvda");
    AddText(a, "status", "attached");
    AddText(a, "deleteOnTermination", "true");
  }
  AddText(n, "volumeType", v.volume_type);
  AddText(n, "encrypted", "false");
  AddText(n, "multiAttachEnabled", "false");
}

}  // namespace sandbox
