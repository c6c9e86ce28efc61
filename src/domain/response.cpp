#include "domain/response.hpp"

#include "domain/text.hpp"

namespace trellis {
namespace {

struct TypeInfo {
    std::string_view name;
    std::string_view label;
    std::optional<Framing> framing;
};

constexpr TypeInfo kTypes[] = {
    {"dispersal_direction", "Dispersal direction", Framing::Enforcement},
    {"moved_on", "Moved on", Framing::Enforcement},
    {"stop_and_search", "Stop and search", Framing::Enforcement},
    {"arrest", "Arrest", Framing::Enforcement},
    {"community_protection_notice", "Community Protection Notice", Framing::Enforcement},
    {"pspo_enforcement", "Public Spaces Protection Order enforcement", Framing::Enforcement},
    {"criminal_behaviour_order", "Criminal Behaviour Order", Framing::Enforcement},
    {"safeguarding_referral", "Safeguarding referral", Framing::Welfare},
    {"strategy_meeting", "Strategy meeting", Framing::Welfare},
    {"youth_work_outreach", "Youth work outreach", Framing::Welfare},
    {"diversionary_activity", "Diversionary activity", Framing::Welfare},
    {"other", "Other", std::nullopt},
};

const TypeInfo& info(ResponseType t)
{
    return kTypes[static_cast<std::size_t>(t)];
}

}  // namespace

std::string_view to_string(ResponseType t)
{
    return info(t).name;
}
std::string_view label(ResponseType t)
{
    return info(t).label;
}
std::optional<Framing> usual_framing(ResponseType t)
{
    return info(t).framing;
}

std::optional<ResponseType> parse_response_type(std::string_view s)
{
    auto key = text::name_key(s);
    for (std::size_t i = 0; i < std::size(kTypes); ++i)
        if (key == kTypes[i].name || key == text::name_key(kTypes[i].label)) return static_cast<ResponseType>(i);
    return std::nullopt;
}

std::string_view to_string(Framing f)
{
    return f == Framing::Enforcement ? "enforcement" : "welfare";
}

std::optional<Framing> parse_framing(std::string_view s)
{
    auto key = text::name_key(s);
    if (key == "enforcement" || key == "enforcement-led") return Framing::Enforcement;
    if (key == "welfare" || key == "welfare-led") return Framing::Welfare;
    return std::nullopt;
}

std::vector<Error> validate(const ResponseRecord& r)
{
    std::vector<Error> errors;
    if (!text::is_iso_date(r.date)) errors.push_back(Error::invalid("Enter the date as YYYY-MM-DD.", "date"));
    if (auto e = text::check(r.agency, "Agency", "agency", {.min = 1, .max = 120})) errors.push_back(std::move(*e));
    if (auto e = text::check(r.place, "Place", "place", {.min = 0, .max = 200})) errors.push_back(std::move(*e));
    if (looks_like_formula(r.agency) || looks_like_formula(r.place))
        errors.push_back(Error::invalid("A value starts like a spreadsheet formula (=, +, -, @).", "place"));
    if (r.young_people < 0 || r.young_people > kMaxYoungPeoplePerResponse)
        errors.push_back(Error::invalid("Enter how many young people were involved, from 0 to 200.", "young_people"));
    return errors;
}

bool looks_like_formula(std::string_view s)
{
    return !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

}  // namespace trellis
