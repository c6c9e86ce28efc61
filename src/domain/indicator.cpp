#include "domain/indicator.hpp"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "domain/clock.hpp"
#include "domain/text.hpp"

namespace trellis {

std::optional<double> Indicator::start() const
{
    if (baseline) return baseline;
    if (!measurements.empty()) return measurements.front().value;
    return std::nullopt;
}

const Measurement* Indicator::latest() const
{
    return measurements.empty() ? nullptr : &measurements.back();
}

Trend trend(const Indicator& i)
{
    auto from = i.start();
    const auto* last = i.latest();
    // With no entered baseline the first measurement is the start, so one is not a trend.
    if (last && i.target) {
        bool met = i.better == Better::Higher ? last->value >= *i.target - 1e-9 : last->value <= *i.target + 1e-9;
        if (met) return Trend::Reached;
    }
    if (!from || !last || (!i.baseline && i.measurements.size() < 2)) return Trend::NotYet;
    double change = last->value - *from;
    if (std::abs(change) < 1e-9) return Trend::Same;
    return (change > 0) == (i.better == Better::Higher) ? Trend::Better : Trend::Worse;
}

std::string_view label(Trend t)
{
    switch (t) {
        case Trend::Reached: return "Target reached";
        case Trend::Better: return "Moving the right way";
        case Trend::Worse: return "Moving the wrong way";
        case Trend::Same: return "No change";
        case Trend::NotYet: return "Not measured again yet";
    }
    return "";
}

std::vector<Error> validate(const Indicator& i)
{
    std::vector<Error> errors;
    if (auto e = text::check(i.name, "Indicator name", "name", {.min = 1, .max = limits::kIndicatorName}))
        errors.push_back(std::move(*e));
    if (auto e = text::check(i.unit, "Unit", "unit", {.min = 0, .max = limits::kUnit})) errors.push_back(std::move(*e));
    if (auto e = text::check(i.method, "How it is measured", "method",
                             {.min = 0, .max = limits::kMethod, .multiline = true}))
        errors.push_back(std::move(*e));
    if (!i.baseline_date.empty() && !text::is_iso_date(i.baseline_date))
        errors.push_back(Error::invalid("Enter the baseline date as a real date.", "baseline_date"));
    if (i.baseline && i.baseline_date.empty())
        errors.push_back(Error::invalid("Enter the date the baseline was measured.", "baseline_date"));
    return errors;
}

std::vector<Error> validate(const Measurement& m)
{
    std::vector<Error> errors;
    if (!text::is_iso_date(m.date)) errors.push_back(Error::invalid("Enter the date as a real date.", "date"));
    if (auto e = text::check(m.note, "Note", "note", {.min = 0, .max = limits::kMeasurementNote}))
        errors.push_back(std::move(*e));
    return errors;
}

std::string with_unit(double v, std::string_view unit)
{
    if (unit.empty()) return format_number(v);
    std::string u(unit);
    if (std::abs(v - 1.0) < 1e-9) {
        if (u.ends_with("people"))
            u.replace(u.size() - 6, 6, "person");
        else if (u.ends_with("s") && !u.ends_with("ss"))
            u.pop_back();
    }
    return fmt::format("{} {}", format_number(v), u);
}

std::optional<double> parse_number(std::string_view s)
{
    std::string t = text::collapse_space(s);
    if (t.empty() || t.size() > 20) return std::nullopt;
    std::size_t i = (t[0] == '-' || t[0] == '+') ? 1 : 0;
    bool digits = false, point = false;
    for (; i < t.size(); ++i) {
        if (t[i] >= '0' && t[i] <= '9') {
            digits = true;
        } else if (t[i] == '.' && !point) {
            point = true;
        } else {
            return std::nullopt;
        }
    }
    if (!digits) return std::nullopt;
    double v = std::strtod(t.c_str(), nullptr);
    if (!std::isfinite(v) || std::abs(v) > 1e9) return std::nullopt;
    return v;
}

std::string format_number(double v)
{
    // Half away from zero, as people round: 0.625 is 0.63.
    auto s = fmt::format("{:.2f}", std::round(v * 100) / 100);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}

GoalStatus goal_status_for(OutcomeRating r)
{
    switch (r) {
        case OutcomeRating::Reached: return GoalStatus::Reached;
        case OutcomeRating::PartlyReached: return GoalStatus::PartlyReached;
        case OutcomeRating::NotReached:
        case OutcomeRating::Worse: return GoalStatus::NotReached;
    }
    return GoalStatus::NotReached;
}

std::string young_people_count(std::int64_t n)
{
    return n < 5 ? std::string("fewer than 5") : std::to_string(n);
}

std::vector<Measurement> measurements_from_runs(IndicatorSource source, const std::vector<ActivityRun>& runs)
{
    std::vector<Measurement> out;
    for (const auto& run : runs) {
        if (source == IndicatorSource::TrustedAdultsPerYoungPerson && run.kind == ActivityKind::Trust) {
            auto s = summarise_trust(run);
            out.push_back({0, run.date, std::round(s.mean_total() * 100) / 100,
                           fmt::format("Who-do-you-trust run, {}", text::count(s.participants, "participant")),
                           run.id});
        } else if ((source == IndicatorSource::PlacesMarkedSafe || source == IndicatorSource::PlacesMarkedUnsafe) &&
                   run.kind == ActivityKind::Places) {
            auto category = source == IndicatorSource::PlacesMarkedSafe ? PlaceCategory::Safe : PlaceCategory::Unsafe;
            auto s = summarise_places(run);
            out.push_back({0, run.date, double(places_marked(s, category)),
                           fmt::format("Places mapping run, {}", text::count(s.participants, "participant")), run.id});
        }
    }
    return out;
}

std::vector<Measurement> measurements_from_responses(IndicatorSource source, const std::vector<ResponseMonth>& months)
{
    std::vector<Measurement> out;
    if (source != IndicatorSource::EnforcementResponses && source != IndicatorSource::WelfareResponses) return out;
    for (const auto& m : months)
        out.push_back({0, m.month + "-01",
                       double(source == IndicatorSource::EnforcementResponses ? m.enforcement : m.welfare),
                       fmt::format("Response log, {}", uk_month(m.month)), std::nullopt});
    return out;
}

}  // namespace trellis
