#include "domain/evidence.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "domain/text.hpp"

namespace trellis {
namespace {

void add(std::vector<Error>& errors, std::optional<Error> e)
{
    if (e) errors.push_back(std::move(*e));
}

void check_date(std::vector<Error>& errors, const std::string& date, const char* field = "date")
{
    if (!text::is_iso_date(date)) errors.push_back(Error::invalid("Enter the date as a real date.", field));
}

}  // namespace

std::vector<std::string> parse_themes(std::string_view s)
{
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        auto theme = text::name_key(current);
        if (!theme.empty() && std::find(out.begin(), out.end(), theme) == out.end()) out.push_back(theme);
        current.clear();
    };
    for (char ch : s) {
        if (ch == ',' || ch == ';' || ch == '\n') {
            flush();
        } else {
            current += ch;
        }
    }
    flush();
    return out;
}

std::vector<Error> validate(const YoungPerson& y)
{
    std::vector<Error> errors;
    add(errors, text::check(y.pseudonym, "Pseudonym or nickname", "pseudonym", {.min = 1, .max = limits::kPseudonym}));
    add(errors, text::check(y.local_ref, "Local reference", "local_ref", {.min = 0, .max = limits::kLocalRef}));
    add(errors, text::check(y.aliases, "Other names they go by", "aliases",
                            {.min = 0, .max = limits::kAliases, .multiline = true}));
    return errors;
}

std::vector<Error> validate(const EvidenceRecord& e)
{
    std::vector<Error> errors;
    check_date(errors, e.date);
    add(errors, text::check(e.narrative, "What happened", "narrative",
                            {.min = 1, .max = limits::kNarrative, .multiline = true}));
    if (e.unnamed_young_people < 0 || e.unnamed_young_people > limits::kMaxUnnamed)
        errors.push_back(Error::invalid(
            fmt::format("Enter how many other young people took part, from 0 to {}.", limits::kMaxUnnamed),
            "unnamed_young_people"));
    return errors;
}

std::vector<Error> validate(const Voice& v)
{
    std::vector<Error> errors;
    check_date(errors, v.date);
    add(errors, text::check(v.quote, "What was said", "quote", {.min = 1, .max = limits::kQuote, .multiline = true}));
    if (v.young_person && v.speaker != Speaker::YoungPerson)
        errors.push_back(Error::invalid("Only a young person's words can be linked to the register.", "young_person"));
    if (v.themes.size() > limits::kThemes)
        errors.push_back(Error::invalid(fmt::format("Use at most {} themes.", limits::kThemes), "themes"));
    for (const auto& t : v.themes)
        if (auto e = text::check(t, "Each theme", "themes", {.min = 1, .max = limits::kTheme})) {
            errors.push_back(std::move(*e));
            break;
        }
    return errors;
}

std::vector<Error> validate(const ActivityRun& r)
{
    std::vector<Error> errors;
    check_date(errors, r.date);
    add(errors, text::check(r.note, "Notes", "note", {.min = 0, .max = limits::kRunNote, .multiline = true}));
    if (r.participants.empty()) errors.push_back(Error::invalid("Record at least one participant.", "participants"));
    if (r.participants.size() > limits::kParticipants)
        errors.push_back(Error::invalid(
            fmt::format("Record at most {} participants in one run.", limits::kParticipants), "participants"));
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < r.participants.size(); ++i) {
        const auto& p = r.participants[i];
        auto field = fmt::format("p{}", i);
        if (p.young_person && !seen.insert(p.young_person->value).second)
            errors.push_back(Error::invalid(
                fmt::format("Participant {} is already recorded in this run; each young person once.", i + 1),
                field + "_who"));
        add(errors, text::check(p.label, "Participant label", field + "_who", {.min = 0, .max = limits::kPseudonym}));
        for (const auto& t : p.trusted)
            if (t.adults < 0 || t.adults > limits::kAdultsPerRole) {
                errors.push_back(Error::invalid(fmt::format("Participant {}: enter a number of adults from 0 to {}.",
                                                            i + 1, limits::kAdultsPerRole),
                                                fmt::format("{}_{}", field, kAdultRoles.name(t.role))));
                break;
            }
        if (p.places.size() > limits::kPlacesPerParticipant)
            errors.push_back(
                Error::invalid(fmt::format("Participant {}: at most {} places.", i + 1, limits::kPlacesPerParticipant),
                               field + "_places"));
        for (const auto& m : p.places) {
            if (auto e = text::check(m.place, "Place", field + "_places", {.min = 1, .max = limits::kPlaceName})) {
                errors.push_back(std::move(*e));
                break;
            }
            if ((m.latitude && (*m.latitude < -90 || *m.latitude > 90)) ||
                (m.longitude && (*m.longitude < -180 || *m.longitude > 180)) ||
                m.latitude.has_value() != m.longitude.has_value()) {
                errors.push_back(Error::invalid(
                    fmt::format("Participant {}: give both map coordinates (latitude −90 to 90, longitude −180 to "
                                "180) or neither.",
                                i + 1),
                    field + "_places"));
                break;
            }
        }
    }
    return errors;
}

double TrustSummary::mean(AdultRole role) const
{
    return participants ? double(adults[static_cast<std::size_t>(role)]) / participants : 0.0;
}

double TrustSummary::mean_total() const
{
    return participants ? double(total) / participants : 0.0;
}

TrustSummary summarise_trust(const ActivityRun& run)
{
    TrustSummary s;
    s.participants = static_cast<int>(run.participants.size());
    for (const auto& p : run.participants)
        for (const auto& t : p.trusted) {
            auto i = static_cast<std::size_t>(t.role);
            s.adults[i] += t.adults;
            s.total += t.adults;
            if (t.respected && t.adults > 0) ++s.respected[i];
        }
    return s;
}

PlacesSummary summarise_places(const ActivityRun& run)
{
    PlacesSummary s;
    s.participants = static_cast<int>(run.participants.size());
    for (const auto& p : run.participants) {
        // A participant counts once per place and category, however often they repeat it.
        std::set<std::pair<std::string, PlaceCategory>> counted;
        for (const auto& m : p.places) {
            auto key = text::name_key(m.place);
            if (!counted.insert({key, m.category}).second) continue;
            auto it = std::find_if(s.places.begin(), s.places.end(),
                                   [&](const PlaceTally& t) { return text::name_key(t.place) == key; });
            if (it == s.places.end())
                it = s.places.insert(s.places.end(), PlaceTally{text::collapse_space(m.place), {}});
            ++it->marks[static_cast<std::size_t>(m.category)];
            ++s.totals[static_cast<std::size_t>(m.category)];
        }
    }
    return s;
}

int places_marked(const PlacesSummary& summary, PlaceCategory category)
{
    return static_cast<int>(std::ranges::count_if(
        summary.places, [&](const PlaceTally& t) { return t.marks[static_cast<std::size_t>(category)] > 0; }));
}

}  // namespace trellis
