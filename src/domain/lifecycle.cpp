#include "domain/lifecycle.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include <fmt/format.h>

#include "domain/clock.hpp"
#include "domain/text.hpp"

namespace trellis {
std::vector<Error> validate(const Concern& c)
{
    std::vector<Error> errors;
    if (!text::is_iso_date(c.raised_on))
        errors.push_back(Error::invalid("Enter the date the concern was raised as a real date.", "raised_date"));
    else if (c.raised_on > today_utc())
        errors.push_back(
            Error::invalid("The date the concern was raised must be today or in the past.", "raised_date"));
    if (auto e = text::check(c.raised_by, "Who raised it", "raised_by", {.min = 1, .max = limits::kRaisedBy}))
        errors.push_back(std::move(*e));
    if (auto e = text::check(c.summary, "What the concern is", "summary",
                             {.min = 1, .max = limits::kConcernSummary, .multiline = true}))
        errors.push_back(std::move(*e));
    if (c.contexts.empty() && c.context_names.empty())
        errors.push_back(Error::invalid("Name at least one context the concern is about.", "contexts"));
    if (c.contexts.size() + c.context_names.size() > limits::kConcernContexts)
        errors.push_back(
            Error::invalid(fmt::format("Name at most {} contexts.", limits::kConcernContexts), "contexts"));
    for (const auto& n : c.context_names)
        if (auto e = text::check(n, "Each context's name", "contexts", {.min = 1, .max = limits::kContextName})) {
            errors.push_back(std::move(*e));
            break;
        }
    if (c.pseudonyms.size() > limits::kConcernPeople)
        errors.push_back(
            Error::invalid(fmt::format("Name at most {} young people.", limits::kConcernPeople), "young_people"));
    return errors;
}

std::vector<Error> validate_screening(const Concern& c)
{
    std::vector<Error> errors;
    if (!c.decision) errors.push_back(Error::invalid("Choose the screening decision.", "decision"));
    if (auto e = text::check(c.rationale, "The reason for the decision", "rationale",
                             {.min = 1, .max = limits::kRationale, .multiline = true}))
        errors.push_back(std::move(*e));
    if (c.decision == ScreeningDecision::Level1) {
        if (auto e = text::check(c.case_reference, "The child's case reference", "case_reference",
                                 {.min = 1, .max = limits::kCaseReference}))
            errors.push_back(std::move(*e));
    } else if (!c.case_reference.empty()) {
        errors.push_back(
            Error::invalid("A case reference is recorded only with a Level 1 decision.", "case_reference"));
    }
    return errors;
}

std::vector<Error> validate(const Place& p)
{
    std::vector<Error> errors;
    if (auto e = text::check(p.name, "Name", "name", {.min = 1, .max = limits::kManagedPlaceName}))
        errors.push_back(std::move(*e));
    auto coordinate = [&](const std::string& v, double bound, const char* field, const char* what) {
        if (v.empty()) return;
        double d = 0;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
        if (ec != std::errc{} || end != v.data() + v.size() || d < -bound || d > bound)
            errors.push_back(Error::invalid(
                fmt::format("Enter the {} in decimal degrees, from -{} to {}, or leave it blank.", what, bound, bound),
                field));
    };
    coordinate(p.latitude, 90, "latitude", "latitude");
    coordinate(p.longitude, 180, "longitude", "longitude");
    if (p.latitude.empty() != p.longitude.empty())
        errors.push_back(Error::invalid("Enter both the latitude and the longitude, or neither.",
                                        p.latitude.empty() ? "latitude" : "longitude"));
    return errors;
}

std::vector<Error> validate(const Finding& f, std::size_t sides)
{
    std::vector<Error> errors;
    if (f.side < 0 || static_cast<std::size_t>(f.side) >= sides)
        errors.push_back(Error::invalid("Choose the side of the triangle the finding is about.", "side"));
    if (auto e = text::check(f.text, "The finding", "text", {.min = 1, .max = limits::kFinding, .multiline = true}))
        errors.push_back(std::move(*e));
    if (f.weight < 0 || f.weight > 3)
        errors.push_back(Error::invalid("Choose how much the finding contributes to harm, from 0 to 3.", "weight"));
    return errors;
}

std::vector<Error> validate(const Review& r)
{
    std::vector<Error> errors;
    if (!text::is_iso_date(r.held_on))
        errors.push_back(Error::invalid("Enter the date of the review as a real date.", "review_date"));
    if (auto e =
            text::check(r.progress, "Progress", "progress", {.min = 1, .max = limits::kProgress, .multiline = true}))
        errors.push_back(std::move(*e));
    if (auto e = text::check(r.rationale, "The reason for the decision", "rationale",
                             {.min = 1, .max = limits::kRationale, .multiline = true}))
        errors.push_back(std::move(*e));
    return errors;
}

ContextStage after_screening(ContextStage now, ScreeningDecision decision)
{
    if (now != ContextStage::Concern && now != ContextStage::Screening) return now;
    return decision == ScreeningDecision::Level2 ? ContextStage::Assessment : ContextStage::Closed;
}

bool reached(ContextStage now, ContextStage stage)
{
    if (now == ContextStage::Closed) return stage == ContextStage::Closed;
    return static_cast<int>(now) >= static_cast<int>(stage);
}

std::string add_days(const std::string& date, int days)
{
    auto day = parse_day(date);
    return day ? format_day(*day + std::chrono::days{days}) : "";
}

std::string two_working_days_after(const std::string& date)
{
    auto day = parse_day(date);
    if (!day) return "";
    int left = 2;
    while (left > 0) {
        *day += std::chrono::days{1};
        std::chrono::weekday wd{*day};
        if (wd != std::chrono::Saturday && wd != std::chrono::Sunday) --left;
    }
    return format_day(*day);
}

void add_durations(const std::vector<StageChange>& history, StageDurations& out)
{
    for (std::size_t i = 0; i < history.size(); ++i) {
        const auto& change = history[i];
        if (change.stage == ContextStage::Closed) continue;  // time closed is not time in the work
        if (i + 1 == history.size()) continue;               // still in it: not yet a duration
        auto from = parse_day(change.entered_at);
        auto to = parse_day(history[i + 1].entered_at);
        if (!from || !to || *to < *from) continue;
        out.days[static_cast<std::size_t>(change.stage)].push_back((*to - *from).count());
    }
}

std::optional<double> median(std::vector<std::int64_t> values)
{
    if (values.empty()) return std::nullopt;
    std::ranges::sort(values);
    auto n = values.size();
    return n % 2 ? static_cast<double>(values[n / 2]) : static_cast<double>(values[n / 2 - 1] + values[n / 2]) / 2.0;
}

}  // namespace trellis
