#include "domain/response.hpp"

#include "domain/text.hpp"

namespace trellis {
namespace {

// The framing a response of each type usually has, in the order of kResponseTypes.
constexpr std::optional<Framing> kUsualFraming[] = {
    Framing::Enforcement, Framing::Enforcement, Framing::Enforcement, Framing::Enforcement,
    Framing::Enforcement, Framing::Enforcement, Framing::Enforcement, Framing::Welfare,
    Framing::Welfare,     Framing::Welfare,     Framing::Welfare,     std::nullopt,
};
static_assert(std::size(kUsualFraming) == kResponseTypes.size());

// The choice whose machine name or label `s` is, ignoring case and spacing.
template <typename E, std::size_t N>
std::optional<E> parse_loosely(const Choices<E, N>& choices, std::string_view s)
{
    auto key = text::name_key(s);
    for (auto v : choices)
        if (key == choices.name(v) || key == text::name_key(choices.label(v))) return v;
    return std::nullopt;
}

}  // namespace

std::string_view to_string(ResponseType t)
{
    return kResponseTypes.name(t);
}
std::string_view label(ResponseType t)
{
    return kResponseTypes.label(t);
}
std::optional<Framing> usual_framing(ResponseType t)
{
    return kUsualFraming[static_cast<std::size_t>(t)];
}

std::optional<ResponseType> parse_response_type(std::string_view s)
{
    return parse_loosely(kResponseTypes, s);
}

std::string_view to_string(Framing f)
{
    return kFramings.name(f);
}

std::string_view label(Framing f)
{
    return kFramings.label(f);
}

std::optional<Framing> parse_framing(std::string_view s)
{
    return parse_loosely(kFramings, s);
}

std::vector<Error> validate(const ResponseRecord& r)
{
    std::vector<Error> errors;
    if (!text::is_iso_date(r.date)) errors.push_back(Error::invalid("Enter the date as a real date.", "date"));
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
