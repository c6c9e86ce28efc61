// Searching what a user may see: the kinds of record a search covers, the words
// it looks for, and what it finds.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/choices.hpp"
#include "domain/error.hpp"
#include "domain/ids.hpp"

namespace trellis {

enum class SearchKind { Context, Goal, Stage, Evidence, Meeting, Voice, Action };
inline constexpr Choices<SearchKind, 7> kSearchKinds{{{
    {"context", "Contexts"},
    {"goal", "Goal statements"},
    {"stage", "Stage texts"},
    {"evidence", "Evidence"},
    {"meeting", "Meeting minutes"},
    {"voice", "Voices"},
    {"action", "Actions"},
}}};

// The words of a search, as typed: at most kMaxSearchWords words of letters and
// digits (everything else separates words), every one of which a hit holds.
struct SearchWords {
    std::vector<std::string> words;
};
inline constexpr std::size_t kMaxSearchText = 200;
inline constexpr std::size_t kMaxSearchWords = 8;

// Invalid (field "q") when the text is empty, too long or holds no word.
Result<SearchWords> parse_search_words(std::string_view typed);

// Marks the database puts around a matched word in a snippet. Neither can be
// typed into a record (text fields refuse control characters), so the page can
// escape the snippet and then turn these into <mark> and </mark>.
inline constexpr char kHitStart = '\x02';
inline constexpr char kHitEnd = '\x03';

struct SearchHit {
    SearchKind kind{};
    std::int64_t id = 0;
    ContextId context;
    std::string context_name;
    std::int64_t framework = 0;  // goals, stage texts and actions: the framework they belong to
    std::int64_t goal = 0;       // and the goal
    std::string detail;          // the stage, the meeting type, the action's status ...
    std::string date;            // evidence, meetings and voices: the day it happened
    std::string snippet;         // the best fragment, matches between kHitStart and kHitEnd
};

// Hits are counted up to this many of each kind; one more means "more than".
// Counting each match means reading its record (to keep to the partnership
// and need-to-know): 1,000 evidence records took 9 ms at scale 1, 100 take one.
inline constexpr std::int64_t kSearchCountCap = 100;

struct SearchResults {
    std::vector<SearchHit> hits;                             // the page asked for, newest first
    std::array<std::int64_t, kSearchKinds.size()> counts{};  // up to kSearchCountCap + 1 of each
    std::int64_t total = 0;  // of the kind asked for, or of every kind (the counts added)
    std::int64_t number = 1;
    std::int64_t size = 20;
    std::int64_t pages() const { return total == 0 ? 1 : (total + size - 1) / size; }
};

}  // namespace trellis
