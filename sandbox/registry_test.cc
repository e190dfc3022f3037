#include "sandbox/registry.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "sandbox/sagemaker_store.h"
#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

TEST(RegistryTest, EachRowMakesTheHandlerOfItsSigningName) {
  arm::testing::FakeClock clock;
  CredentialStore credentials;
  HandlerDeps deps;
  deps.context.clock = &clock;
  deps.credentials = &credentials;
  std::vector<std::unique_ptr<ServiceHandler>> handlers = MakeHandlers(deps);
  const std::vector<HandlerRow>& rows = HandlerTable();
  ASSERT_EQ(handlers.size(), rows.size());
  std::set<std::string_view> names;
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(handlers[i]->signing_name(), rows[i].signing_name);
    EXPECT_TRUE(names.insert(rows[i].signing_name).second) << rows[i].signing_name;
  }
}

TEST(RegistryTest, SageMakerEcsAndAutoScalingShareOneStore) {
  arm::testing::FakeClock clock;
  HandlerDeps deps;
  deps.context.clock = &clock;
  deps.sagemaker_store = std::make_shared<SageMakerStore>(deps.context);
  std::vector<std::unique_ptr<ServiceHandler>> handlers = MakeHandlers(deps);
  // The three handlers hold the store passed in, and no other.
  EXPECT_EQ(deps.sagemaker_store.use_count(), 4);
}

}  // namespace
}  // namespace sandbox
