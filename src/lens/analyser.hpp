// The language lens: one pass of a Hyperscan multi-pattern automaton over a
// text finds every lexicon phrase; quotes that a young person said are set
// aside and not scored; the score is the share of welfare-led framing among
// all framing found. The lens points things out and suggests; it never
// rewrites anyone's text.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "lens/lexicon.hpp"

namespace trellis::lens {

// Whose words the text is: a young person's own words are never scored.
enum class Voice { Professional, YoungPerson };

struct Match {
    std::size_t begin = 0;  // byte offsets into the text
    std::size_t end = 0;
    const Entry* entry = nullptr;
    bool in_young_persons_words = false;  // inside a quote attributed to a young person
};

struct Analysis {
    std::vector<Match> matches;  // in text order, overlaps resolved (longest first)
    int preferred = 0;           // counted matches (outside young people's words)
    int caution = 0;
    int avoid = 0;
    std::vector<std::pair<std::size_t, std::size_t>> young_persons_words;  // quoted spans set aside

    int flagged() const { return caution + avoid; }
    // Share of welfare-led framing among all framing found, 0..1; none when nothing was found.
    std::optional<double> welfare_share() const;
};

class Analyser {
public:
    // Compiles every phrase of the lexicon into one database; Invalid when a
    // phrase cannot be compiled (the message names the entry).
    static Result<std::shared_ptr<const Analyser>> build(Lexicon lexicon);
    ~Analyser();

    // Invalid when the text is not UTF-8. Safe to call from several threads.
    Result<Analysis> analyse(std::string_view text, Voice voice = Voice::Professional) const;

    // Only counts raw phrase matches: the speed benchmark's inner loop.
    Result<std::size_t> count(std::string_view text) const;

    const Lexicon& lexicon() const { return lexicon_; }

private:
    Analyser() = default;
    struct Scanner;
    Lexicon lexicon_;
    std::vector<std::pair<std::size_t, std::size_t>> pattern_entry_;  // pattern id -> (entry index, phrase index)
    std::unique_ptr<Scanner> scanner_;
};

// Quoted spans attributed to a young person in the sentence around them.
std::vector<std::pair<std::size_t, std::size_t>> young_persons_quotes(std::string_view text);

}  // namespace trellis::lens
