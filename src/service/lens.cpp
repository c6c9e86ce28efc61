#include "service/lens.hpp"

#include <mutex>
#include <set>

#include "domain/policy.hpp"
#include "domain/text.hpp"
#include "service/access.hpp"
#include "store/lexicon_repo.hpp"
#include "store/report_repo.hpp"

namespace trellis::service {

Result<std::shared_ptr<const lens::Analyser>> load_lens(const std::filesystem::path& share_dir)
{
    auto lexicon = TRY(lens::load_lexicon(share_dir / "lexicon"));
    return lens::Analyser::build(std::move(lexicon));
}

std::pair<int, int> line_and_column(std::string_view text, std::size_t offset)
{
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i)
        if (text[i] == '\n') ++line, line_start = i + 1;
    return {line, static_cast<int>(text::length(text.substr(line_start, offset - line_start))) + 1};
}

nlohmann::json analysis_json(const lens::Analyser& lens, std::string_view text, const lens::Analysis& a)
{
    nlohmann::json matches = nlohmann::json::array();
    for (const auto& m : a.matches) {
        auto [line, column] = line_and_column(text, m.begin);
        const auto& e = *m.entry;
        auto source = lens.lexicon().sources.find(e.source);
        matches.push_back({{"text", std::string(text.substr(m.begin, m.end - m.begin))},
                           {"line", line},
                           {"column", column},
                           {"entry", e.id},
                           {"tier", lens::to_string(e.tier)},
                           {"category", e.category},
                           {"alternative", e.alternative},
                           {"why", e.why},
                           {"source", source == lens.lexicon().sources.end() ? "" : source->second.title},
                           {"scored", !m.in_young_persons_words}});
    }
    nlohmann::json out = {{"matches", matches},
                          {"counts", {{"preferred", a.preferred}, {"caution", a.caution}, {"avoid", a.avoid}}},
                          {"young_persons_words_set_aside", a.young_persons_words.size()}};
    if (auto share = a.welfare_share())
        out["welfare_share"] = *share;
    else
        out["welfare_share"] = nullptr;
    return out;
}

struct PartnershipLenses::Cache {
    std::mutex mutex;
    std::map<std::int64_t, std::pair<std::string, std::shared_ptr<const lens::Analyser>>> by_partnership;
};

PartnershipLenses::PartnershipLenses(lens::Lexicon base, std::shared_ptr<const lens::Analyser> base_analyser)
    : base_(std::move(base)), base_analyser_(std::move(base_analyser)), cache_(std::make_unique<Cache>())
{
}

PartnershipLenses::~PartnershipLenses() = default;

namespace {

Result<lens::Entry> to_entry(const LexiconEntry& e)
{
    auto bad = [](std::string message, std::string field) {
        return std::unexpected(Error::invalid(std::move(message), std::move(field)));
    };
    bool key_ok = !e.key.empty() && e.key.size() <= 60;
    for (char c : e.key) key_ok = key_ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    if (!key_ok) return bad("Give the entry a short name of lower-case letters, digits and hyphens.", "key");
    if (e.phrases.empty() || e.phrases.size() > 20)
        return bad("Enter between 1 and 20 phrases, one a line.", "phrases");
    lens::Entry out;
    out.id = e.key;
    for (const auto& p : e.phrases) {
        if (p.size() > 160 || !text::is_valid_utf8(p))
            return bad("Each phrase must be at most 160 characters.", "phrases");
        auto re = lens::phrase_to_regex(p);
        if (!re) return bad("Phrase \"" + p + "\": " + re.error().message + ".", "phrases");
        out.phrases.push_back(p);
    }
    if (e.tier == "avoid")
        out.tier = lens::Tier::Avoid;
    else if (e.tier == "caution")
        out.tier = lens::Tier::Caution;
    else if (e.tier == "preferred")
        out.tier = lens::Tier::Preferred;
    else
        return bad("Choose avoid, use with caution or welfare-led.", "tier");
    if (auto err = text::check(e.category, "Category", "category", {.min = 1, .max = 60})) return std::unexpected(*err);
    if (out.tier != lens::Tier::Preferred)
        if (auto err = text::check(e.alternative, "Suggested alternative", "alternative", {.min = 1, .max = 200}))
            return std::unexpected(*err);
    if (auto err = text::check(e.why, "Why", "why", {.min = 0, .max = 300})) return std::unexpected(*err);
    if (auto err = text::check(e.source_title, "Source", "source_title", {.min = 0, .max = 200}))
        return std::unexpected(*err);
    out.category = e.category;
    out.alternative = e.alternative;
    out.why = e.why;
    out.source = e.source_title.empty() ? "" : "local:" + e.key;
    return out;
}

}  // namespace

Result<std::shared_ptr<const lens::Analyser>> PartnershipLenses::build(const std::vector<LexiconEntry>& local) const
{
    lens::Lexicon merged = base_;
    for (const auto& e : local) {
        auto entry = TRY(to_entry(e));
        if (!e.source_title.empty()) merged.sources[entry.source] = {entry.source, e.source_title, ""};
        merged.entries.push_back(std::move(entry));
    }
    return lens::Analyser::build(std::move(merged));
}

Result<std::shared_ptr<const lens::Analyser>> PartnershipLenses::for_partnership(store::Connection& db,
                                                                                 PartnershipId p) const
{
    auto stamp = TRY(store::lexicon::stamp(db, p));
    if (stamp == "0:0") return base_analyser_;
    {
        std::lock_guard lock(cache_->mutex);
        auto it = cache_->by_partnership.find(p.value);
        if (it != cache_->by_partnership.end() && it->second.first == stamp) return it->second.second;
    }
    auto local = TRY(store::lexicon::list(db, p));
    auto built = TRY(build(local));
    std::lock_guard lock(cache_->mutex);
    cache_->by_partnership[p.value] = {stamp, built};
    return built;
}

Result<void> PartnershipLenses::check(store::Connection& db, PartnershipId p, const LexiconEntry& e) const
{
    TRY(to_entry(e));
    for (const auto& base_entry : base_.entries)
        if (base_entry.id == e.key)
            return std::unexpected(Error::conflict("That name is taken by an entry of the shipped lexicon.", "key"));
    auto local = TRY(store::lexicon::list(db, p));
    local.push_back(e);
    TRY(build(local));
    return {};
}

Result<LanguageTrends> language_trends(store::Connection& db, const User& by, const lens::Analyser& lens)
{
    TRY(need_permission(by, Permission::ReadReports, "the partnership's reports"));
    bool name_contexts = may_access_context(by.role, false);
    auto texts = TRY(store::reports::stage_texts(db, by.partnership));
    LanguageTrends t;
    std::set<std::string> months;
    for (const auto& s : texts) {
        auto a = lens.analyse(s.body);
        if (!a) continue;  // stored text is validated UTF-8; nothing to score otherwise
        months.insert(s.month);
        auto add = [&](TrendCell& cell) {
            cell.preferred += a->preferred;
            cell.flagged += a->flagged();
            ++cell.texts;
        };
        add(t.by_context[name_contexts ? s.context_name : kAllContexts][s.month]);
        add(t.by_agency[s.agency.empty() ? "No agency recorded" : s.agency][s.month]);
    }
    t.months.assign(months.begin(), months.end());
    return t;
}

}  // namespace trellis::service
