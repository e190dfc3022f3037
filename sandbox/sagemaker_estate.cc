// SageMakerHandler's side of the estate (load, dump, generate, tags for the
// tagging API) and the two handlers sharing one store. The wire operations
// are in sagemaker_handler.cc.
#include "sandbox/autoscaling_handler.h"
#include "sandbox/json_args.h"
#include "sandbox/sagemaker_handler.h"
#include "sandbox/sagemaker_notebooks.h"

namespace sandbox {

using nlohmann::json;

void SageMakerHandler::Load(const json& estate) {
  std::lock_guard<std::mutex> lock(store_->mu);
  store_->UseEstateAccount(estate);
  store_->LoadSageMaker(EstateSection(estate, "sagemaker"));
}

json SageMakerHandler::Dump() const {
  std::lock_guard<std::mutex> lock(store_->mu);
  return store_->DumpSageMaker();
}

void SageMakerHandler::CollectTagged(std::vector<TaggedResource>& out) const {
  std::lock_guard<std::mutex> lock(store_->mu);
  store_->Advance();
  for (const auto& [key, e] : store_->endpoints) {
    auto it = store_->tags.find(ToLower(store_->Arn("endpoint", e.name)));
    if (it == store_->tags.end() || it->second.empty()) continue;
    TaggedResource r;
    r.arn = store_->Arn("endpoint", e.name);
    for (const auto& [k, v] : it->second) r.tags[k] = v;
    out.push_back(std::move(r));
  }
  CollectTaggedNotebooks(*store_, out);
}

void SageMakerHandler::Generate(const std::map<std::string, int>& counts, json& estate) const {
  auto it = counts.find("endpoints");
  if (it != counts.end() && it->second > 0)
    GenerateSageMakerEstate(it->second, store_->ctx, estate);
  auto notebooks = counts.find("notebooks");
  if (notebooks != counts.end() && notebooks->second > 0)
    GenerateNotebookEstate(notebooks->second, estate);
}

std::vector<std::unique_ptr<ServiceHandler>> MakeSageMakerHandlers(const Context& context) {
  auto store = std::make_shared<SageMakerStore>(context);
  std::vector<std::unique_ptr<ServiceHandler>> out;
  out.push_back(std::make_unique<SageMakerHandler>(store));
  out.push_back(std::make_unique<AutoScalingHandler>(store));
  return out;
}

}  // namespace sandbox
