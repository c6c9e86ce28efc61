// Strong id types: a GoalId cannot be passed where a ContextId is wanted, which
// removes a whole class of access-control mistakes at compile time.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace trellis {

template <typename Tag>
struct Id {
    std::int64_t value = 0;

    constexpr Id() = default;
    constexpr explicit Id(std::int64_t v) : value(v) {}
    constexpr bool valid() const { return value > 0; }
    friend constexpr auto operator<=>(Id, Id) = default;
};

using PartnershipId = Id<struct PartnershipTag>;
using AgencyId = Id<struct AgencyTag>;
using UserId = Id<struct UserTag>;
using ContextId = Id<struct ContextTag>;
using FrameworkId = Id<struct FrameworkTag>;
using AreaId = Id<struct AreaTag>;
using GoalId = Id<struct GoalTag>;

}  // namespace trellis

template <typename Tag>
struct std::hash<trellis::Id<Tag>> {
    std::size_t operator()(trellis::Id<Tag> id) const noexcept { return std::hash<std::int64_t>{}(id.value); }
};
