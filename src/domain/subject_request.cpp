#include "domain/subject_request.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "domain/clock.hpp"
#include "domain/lifecycle.hpp"
#include "domain/text.hpp"

namespace trellis {
namespace {

unsigned char lower(unsigned char ch)
{
    return ch >= 'A' && ch <= 'Z' ? static_cast<unsigned char>(ch - 'A' + 'a') : ch;
}

std::string lowered(std::string_view s)
{
    std::string out(s);
    for (auto& ch : out) ch = static_cast<char>(lower(static_cast<unsigned char>(ch)));
    return out;
}

// Punctuation and spaces outside ASCII that end a word as a space does:
// quotation marks and apostrophes, dashes, the ellipsis, a no-break space.
constexpr std::string_view kBreaks[] = {"\u2018", "\u2019", "\u201C", "\u201D", "\u2013", "\u2014",
                                        "\u2026", "\u00A0", "\u00AB", "\u00BB", "\u2032"};

// Letters, digits and every other character outside ASCII count as part of a
// word, so "Tom" is not found inside "Tomás" nor "Al" inside "Alfie".
bool word_before(std::string_view text, std::size_t at)
{
    if (at == 0) return false;
    auto c = static_cast<unsigned char>(text[at - 1]);
    if (c < 0x80) return std::isalnum(c) != 0;
    return std::ranges::none_of(kBreaks, [&](std::string_view b) { return text.substr(0, at).ends_with(b); });
}

bool word_after(std::string_view text, std::size_t at)
{
    if (at >= text.size()) return false;
    auto c = static_cast<unsigned char>(text[at]);
    if (c < 0x80) return std::isalnum(c) != 0;
    return std::ranges::none_of(kBreaks, [&](std::string_view b) { return text.substr(at).starts_with(b); });
}

}  // namespace

std::string add_months(std::string_view date, int months)
{
    auto day = parse_day(date);
    if (!day) return {};
    std::chrono::year_month_day ymd{*day};
    auto moved = ymd.year() / ymd.month() / std::chrono::day{1} + std::chrono::months{months};
    auto last = std::chrono::year_month_day_last{moved.year(), std::chrono::month_day_last{moved.month()}};
    return format_day(std::chrono::sys_days{moved.year() / moved.month() / std::min(ymd.day(), last.day())});
}

int days_between(std::string_view from, std::string_view to)
{
    auto a = parse_day(from), b = parse_day(to);
    if (!a || !b) return 0;
    return static_cast<int>((*b - *a).count());
}

std::string due_date(const SubjectRequest& r, std::string_view today)
{
    auto base = add_months(r.received_on, r.extended ? 3 : 1);
    if (base.empty()) return {};
    int paused = r.paused_days;
    if (r.status == RequestStatus::AwaitingIdentity && !r.paused_on.empty())
        paused += std::max(0, days_between(r.paused_on, today));
    return add_days(base, paused);
}

bool is_open(RequestStatus s)
{
    return s == RequestStatus::AwaitingIdentity || s == RequestStatus::Open;
}

std::vector<Error> validate(const SubjectRequest& r, std::string_view today)
{
    std::vector<Error> errors;
    if (auto e = text::check(r.requester, "Who asked", "requester", {.min = 1, .max = 200}))
        errors.push_back(std::move(*e));
    if (!parse_day(r.received_on))
        errors.push_back(Error::invalid("Enter the day the request was received as a real date.", "received_on"));
    else if (r.received_on > today)
        errors.push_back(Error::invalid("The day the request was received must be today or earlier.", "received_on"));
    if (!r.young_person)
        errors.push_back(
            Error::invalid("Type the pseudonym of the young person the request is about.", "young_person"));
    if (auto e = text::check(r.notes, "Notes", "notes", {.min = 0, .max = 2000, .multiline = true}))
        errors.push_back(std::move(*e));
    if (r.relationship == Relationship::Other && text::collapse_space(r.notes).empty())
        errors.push_back(Error::invalid("Say in the notes who the requester is to the young person.", "notes"));
    return errors;
}

// ---- Redaction ---------------------------------------------------------------

Redactor::Redactor(std::vector<RedactionTerm> terms) : by_first_byte_(256)
{
    for (auto& t : terms) {
        auto words = text::collapse_space(t.words);
        if (words.empty()) continue;
        t.words = words;
        lowered_.push_back(lowered(words));
        terms_.push_back(std::move(t));
    }
    for (std::size_t i = 0; i < terms_.size(); ++i)
        by_first_byte_[static_cast<unsigned char>(lowered_[i][0])].push_back(i);
    for (auto& bucket : by_first_byte_)
        std::ranges::stable_sort(bucket,
                                 [&](std::size_t a, std::size_t b) { return lowered_[a].size() > lowered_[b].size(); });
}

std::optional<Redactor::Match> Redactor::match_at(std::string_view text, std::size_t at) const
{
    if (word_before(text, at)) return std::nullopt;
    for (auto i : by_first_byte_[lower(static_cast<unsigned char>(text[at]))]) {
        const auto& term = lowered_[i];
        if (text.size() - at < term.size()) continue;
        // A run of spaces in the text matches the single space of a phrase.
        std::size_t t = 0, p = at;
        while (t < term.size() && p < text.size()) {
            if (term[t] == ' ' && (text[p] == ' ' || text[p] == '\n' || text[p] == '\t')) {
                while (p < text.size() && (text[p] == ' ' || text[p] == '\n' || text[p] == '\t')) ++p;
                ++t;
                continue;
            }
            if (lower(static_cast<unsigned char>(text[p])) != static_cast<unsigned char>(term[t])) break;
            ++t;
            ++p;
        }
        if (t != term.size()) continue;
        if (word_after(text, p) && word_before(text, p)) continue;
        return Match{i, p - at};
    }
    return std::nullopt;
}

std::string Redactor::apply(std::string_view text) const
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        if (auto m = match_at(text, at)) {
            const auto& becomes = terms_[m->term].becomes;
            out.append(becomes.empty() ? text.substr(at, m->length) : std::string_view(becomes));
            at += m->length;
            continue;
        }
        out.push_back(text[at++]);
    }
    return out;
}

bool Redactor::mentions_kept(std::string_view text) const
{
    for (std::size_t at = 0; at < text.size();) {
        if (auto m = match_at(text, at)) {
            if (terms_[m->term].becomes.empty()) return true;
            at += m->length;
            continue;
        }
        ++at;
    }
    return false;
}

std::vector<std::string> alias_list(std::string_view aliases)
{
    std::vector<std::string> out;
    for (const auto& line : text::nonblank_lines(aliases)) {
        auto a = text::collapse_space(line);
        if (a.empty()) continue;
        if (std::ranges::none_of(out, [&](const std::string& b) { return text::name_key(a) == text::name_key(b); }))
            out.push_back(std::move(a));
    }
    return out;
}

}  // namespace trellis
