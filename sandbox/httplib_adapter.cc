#include "sandbox/httplib_adapter.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>

#include <cstdlib>

namespace sandbox {

// httplib does not expose the socket: it is found by its addresses among
// this process's descriptors.
void ResetConnection(const httplib::Request& req) {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return;
  while (dirent* entry = ::readdir(dir)) {
    int fd = std::atoi(entry->d_name);
    if (fd <= 2 || fd == ::dirfd(dir)) continue;
    sockaddr_storage peer{}, local{};
    socklen_t peer_len = sizeof(peer), local_len = sizeof(local);
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
    if (peer.ss_family != AF_INET || local.ss_family != AF_INET) continue;
    auto* p = reinterpret_cast<sockaddr_in*>(&peer);
    auto* l = reinterpret_cast<sockaddr_in*>(&local);
    if (ntohs(p->sin_port) != req.remote_port || ntohs(l->sin_port) != req.local_port) continue;
    linger lg{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    ::shutdown(fd, SHUT_RDWR);
    break;
  }
  ::closedir(dir);
}

httplib::Request& OwnedByHandler(const httplib::Request& in) {
  return const_cast<httplib::Request&>(in);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
}

Request FromHttplib(const httplib::Request& in, bool take_body) {
  Request r;
  r.method = in.method;
  const std::string& target = in.target.empty() ? in.path : in.target;
  size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  if (r.path.empty()) r.path = "/";
  for (const auto& [k, v] : in.headers) {
    if (k == "REMOTE_ADDR" || k == "REMOTE_PORT" || k == "LOCAL_ADDR" || k == "LOCAL_PORT")
      continue;
    r.headers.emplace_back(k, v);
  }
  r.body = take_body ? std::move(OwnedByHandler(in).body) : in.body;
  return r;
}

void ToHttplib(Response&& in, httplib::Response& out) {
  out.status = in.status;
  std::string content_type = in.content_type;
  for (const auto& [k, v] : in.headers) {
    if (::strcasecmp(k.c_str(), "Content-Type") == 0) {
      content_type = v;
      continue;
    }
    if (::strcasecmp(k.c_str(), "Content-Length") == 0) continue;
    out.set_header(k, v);
  }
  out.body = std::move(in.body);
  if (!content_type.empty()) {
    // What set_content does, without copying the body.
    out.headers.erase("Content-Type");
    out.set_header("Content-Type", content_type);
  }
}

}  // namespace sandbox
