#include "service/lens.hpp"

#include <set>

#include "domain/text.hpp"
#include "store/repos.hpp"

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
    if (auto share = a.welfare_share()) out["welfare_share"] = *share;
    else out["welfare_share"] = nullptr;
    return out;
}

Result<LanguageTrends> language_trends(store::Connection& db, PartnershipId p, const lens::Analyser& lens)
{
    auto texts = TRY(store::reports::stage_texts(db, p));
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
        add(t.by_context[s.context_name][s.month]);
        add(t.by_agency[s.agency.empty() ? "No agency recorded" : s.agency][s.month]);
    }
    t.months.assign(months.begin(), months.end());
    return t;
}

}  // namespace trellis::service
