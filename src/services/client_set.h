#pragma once
// The typed service clients of one AwsClient, each made the first time a
// resource type asks for it and shared by every type that asks again (one
// SageMakerClient for the endpoint and notebook types alike). Types name
// their own clients; nothing else needs to know which services exist.
#include <map>
#include <memory>
#include <mutex>
#include <typeindex>

#include "aws/aws_client.h"

namespace arm {

class ClientSet {
 public:
  explicit ClientSet(AwsClient& aws) : aws_(aws) {}
  ClientSet(const ClientSet&) = delete;
  ClientSet& operator=(const ClientSet&) = delete;

  // The client of type C (constructible from AwsClient&), made on first use.
  template <typename C>
  C& Get() {
    std::lock_guard<std::mutex> lock(mu_);
    std::shared_ptr<void>& slot = clients_[std::type_index(typeid(C))];
    if (slot == nullptr) slot = std::make_shared<C>(aws_);
    return *static_cast<C*>(slot.get());
  }

 private:
  AwsClient& aws_;
  std::mutex mu_;
  std::map<std::type_index, std::shared_ptr<void>> clients_;
};

}  // namespace arm
