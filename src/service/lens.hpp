// The language lens as the command line and the web pages use it.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/ids.hpp"
#include "domain/lexicon.hpp"
#include "domain/user.hpp"
#include "lens/analyser.hpp"
#include "store/connection.hpp"

namespace trellis::service {

Result<std::shared_ptr<const lens::Analyser>> load_lens(const std::filesystem::path& share_dir);

// 1-based line and column (in characters) of a byte offset.
std::pair<int, int> line_and_column(std::string_view text, std::size_t offset);

// Matches, counts and score as JSON: what `trellis lens --json` prints.
nlohmann::json analysis_json(const lens::Analyser& lens, std::string_view text, const lens::Analysis& a);

// The lens of each partnership: the shipped lexicon plus the partnership's own
// entries, compiled once and rebuilt when the entries change. Thread-safe.
class PartnershipLenses {
public:
    PartnershipLenses(lens::Lexicon base, std::shared_ptr<const lens::Analyser> base_analyser);
    ~PartnershipLenses();
    const lens::Analyser& base() const { return *base_analyser_; }
    Result<std::shared_ptr<const lens::Analyser>> for_partnership(store::Connection& db, PartnershipId p) const;

    // Checks an entry a partnership admin wants to add, including that the
    // merged lexicon still compiles; Invalid naming the field otherwise.
    Result<void> check(store::Connection& db, PartnershipId p, const LexiconEntry& e) const;

private:
    Result<std::shared_ptr<const lens::Analyser>> build(const std::vector<LexiconEntry>& local) const;
    lens::Lexicon base_;
    std::shared_ptr<const lens::Analyser> base_analyser_;
    struct Cache;
    std::unique_ptr<Cache> cache_;
};

struct TrendCell {
    int preferred = 0;
    int flagged = 0;
    int texts = 0;
    std::optional<double> share() const
    {
        return preferred + flagged == 0 ? std::nullopt
                                        : std::optional<double>(double(preferred) / (preferred + flagged));
    }
};

// Welfare-led share by month, per context and per author agency, over every
// stage narrative the partnership has written. Contexts are named only for
// those who see every context; anyone else who reads reports (viewers) gets
// them summed into one row, kAllContexts, so no context can be identified.
inline constexpr const char* kAllContexts = "All contexts";
struct LanguageTrends {
    std::vector<std::string> months;
    std::map<std::string, std::map<std::string, TrendCell>> by_context;  // context name -> month -> cell
    std::map<std::string, std::map<std::string, TrendCell>> by_agency;   // agency name -> month -> cell
};
Result<LanguageTrends> language_trends(store::Connection& db, const User& by, const lens::Analyser& lens);

}  // namespace trellis::service
