// The language lens over any text, with the lexicon Trellis ships.
#include "lens/analyser.hpp"

#include <cstdlib>
#include <memory>

#include "harness.hpp"
#include "lens/lexicon.hpp"

using namespace trellis;

namespace {
std::shared_ptr<const lens::Analyser> analyser;
}

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    const char* folder = std::getenv("TRELLIS_LEXICON_DIR");
    auto lexicon = lens::load_lexicon(folder ? folder : TRELLIS_LEXICON_DIR);
    fuzz::must(lexicon.has_value(), "the shipped lexicon loads");
    auto built = lens::Analyser::build(std::move(*lexicon));
    fuzz::must(built.has_value(), "the shipped lexicon compiles");
    analyser = *built;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto input = fuzz::bytes(data, size);
    for (auto voice : {lens::Voice::Professional, lens::Voice::YoungPerson}) {
        auto analysis = analyser->analyse(input, voice);
        if (!analysis) continue;
        std::size_t last_end = 0;
        int counted = 0;
        for (const auto& match : analysis->matches) {
            fuzz::must(match.begin < match.end && match.end <= input.size(), "a match lies inside the text");
            fuzz::must(match.begin >= last_end, "matches do not overlap and keep text order");
            fuzz::must(match.entry != nullptr, "a match names its lexicon entry");
            last_end = match.end;
            if (!match.in_young_persons_words) ++counted;
        }
        fuzz::must(analysis->preferred + analysis->caution + analysis->avoid == counted,
                   "every match outside young people's words is scored once");
        if (voice == lens::Voice::YoungPerson)
            fuzz::must(analysis->flagged() == 0, "a young person's words are never scored");
        if (auto share = analysis->welfare_share()) fuzz::must(*share >= 0.0 && *share <= 1.0, "the share is a share");
    }
    return 0;
}
