// Exceptional access ("break the glass"): a practitioner opens a context not
// allocated to them, giving a reason, for a few hours; every such opening waits
// on the other leads' overview until one of them reviews it or raises a concern.
#pragma once

#include <optional>
#include <string>

#include "domain/choices.hpp"
#include "domain/ids.hpp"

namespace trellis {

inline constexpr int kExceptionalAccessHours = 8;

enum class AccessReason { Risk, Cover, PartnerRequest, Linking, Other };
inline constexpr Choices<AccessReason, 5> kAccessReasons{{{
    {"risk", "A young person may be at immediate risk"},
    {"cover", "Covering for the allocated practitioner, who is away"},
    {"partner_request", "An urgent request from a partner agency"},
    {"linking", "Checking a link with a context I work on"},
    {"other", "Another reason, given below"},
}}};

enum class AccessOutcome { Reviewed, Concern };
inline constexpr Choices<AccessOutcome, 2> kAccessOutcomes{{{
    {"reviewed", "Reviewed: the access was justified"},
    {"concern", "Raise a concern about this access"},
}}};

struct ExceptionalAccess {
    std::int64_t id = 0;
    ContextId context;
    std::string context_name;
    UserId user;
    std::string user_name;
    AccessReason reason = AccessReason::Other;
    std::string detail;
    std::string opened_at, expires_at;  // UTC
    std::string reviewed_by, reviewed_at, review_note;
    std::optional<AccessOutcome> outcome;
};

}  // namespace trellis
