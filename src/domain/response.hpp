// The response log of a context: what agencies did when young people were
// there, and whether it was enforcement-led or welfare-led. The exemplar's
// Guardianship outcome is "a reduction in enforcement-led responses".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/choices.hpp"
#include "domain/error.hpp"
#include "domain/ids.hpp"

namespace trellis {

enum class ResponseType {
    DispersalDirection,
    MovedOn,
    StopAndSearch,
    Arrest,
    CommunityProtectionNotice,
    PspoEnforcement,
    CriminalBehaviourOrder,
    SafeguardingReferral,
    StrategyMeeting,
    YouthWorkOutreach,
    DiversionaryActivity,
    Other
};
inline constexpr Choices<ResponseType, 12> kResponseTypes{{{
    {"dispersal_direction", "Dispersal direction"},
    {"moved_on", "Moved on"},
    {"stop_and_search", "Stop and search"},
    {"arrest", "Arrest"},
    {"community_protection_notice", "Community Protection Notice"},
    {"pspo_enforcement", "Public Spaces Protection Order enforcement"},
    {"criminal_behaviour_order", "Criminal Behaviour Order"},
    {"safeguarding_referral", "Safeguarding referral"},
    {"strategy_meeting", "Strategy meeting"},
    {"youth_work_outreach", "Youth work outreach"},
    {"diversionary_activity", "Diversionary activity"},
    {"other", "Other"},
}}};

enum class Framing { Enforcement, Welfare };
inline constexpr Choices<Framing, 2> kFramings{{{
    {"enforcement", "Enforcement-led"},
    {"welfare", "Welfare-led"},
}}};

std::string_view to_string(ResponseType t);
std::string_view label(ResponseType t);
// Accepts the machine name or the label, ignoring case ("Moved on", "moved_on").
std::optional<ResponseType> parse_response_type(std::string_view s);
std::string_view to_string(Framing f);
std::string_view label(Framing f);  // "Enforcement-led"
std::optional<Framing> parse_framing(std::string_view s);
// The usual framing of a type; none for Other, which must say.
std::optional<Framing> usual_framing(ResponseType t);

struct ResponseRecord {
    std::int64_t id = 0;
    ContextId context;
    std::string date;    // YYYY-MM-DD
    std::string agency;  // as recorded: an agency of the partnership or a name from an import
    ResponseType type = ResponseType::Other;
    Framing framing = Framing::Welfare;
    std::string place;
    int young_people = 0;  // how many were involved (a count, never names)
};

inline constexpr int kMaxYoungPeoplePerResponse = 200;

// What a context's response log is narrowed to; each filter left empty lets
// every response through.
struct ResponseFilter {
    std::string month;  // YYYY-MM
    std::optional<ResponseType> type;
    std::optional<Framing> framing;
};

std::vector<Error> validate(const ResponseRecord& r);

// True when a spreadsheet would read the text as a formula (=, +, -, @, or a
// leading tab or carriage return): such text is refused on import.
bool looks_like_formula(std::string_view s);

// Responses of one month by framing.
struct ResponseMonth {
    std::string month;  // YYYY-MM
    std::int64_t enforcement = 0;
    std::int64_t welfare = 0;
};

}  // namespace trellis
