#pragma once
// The one table of managed types (resources/registry.cc), in stop order,
// and what the rest of the program derives from it. Adding a type: its
// file, its row there, its tests (docs/design.md, "Adding a resource type").
#include <memory>
#include <string>
#include <vector>

#include "resources/resource.h"
#include "resources/type_info.h"

namespace arm {

// Every managed type (explicit table: static self-registration is dropped by
// the linker from static libraries).
const std::vector<TypeEntry>& Registry();

// One instance of each type of `registry`, in its order.
std::vector<std::unique_ptr<ResourceType>> MakeResourceTypes(
    const TypeContext& context, const std::vector<TypeEntry>& registry = Registry());

// The selectors --only/--exclude accept, in order.
std::vector<std::string> ResourceSelectors(const std::vector<TypeEntry>& registry = Registry());

// The configuration keys the types declare, for LoadProjectConfig.
std::vector<TypeKey> TypeConfigKeys(const std::vector<TypeEntry>& registry = Registry());

// The price table names the types declare, for PriceTable::Parse.
std::vector<std::string> TypePriceKeys(const std::vector<TypeEntry>& registry = Registry());

}  // namespace arm
