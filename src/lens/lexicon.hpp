// The language lens's lexicon: data, not code (share/lexicon/*.json), so
// practitioners can review the wording and admins can extend it.
//
// A phrase is written as words separated by spaces; "{a,b,c}" offers
// alternatives for one word, a hyphen inside a word also matches a space or
// nothing ("anti-social" finds "antisocial" and "anti social"), an apostrophe
// matches a straight or curly one, and words may be split across lines. Case
// never matters. Every phrase must start and end on a word boundary.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace trellis::lens {

enum class Tier { Avoid, Caution, Preferred };
std::string_view to_string(Tier t);
std::string_view label(Tier t);

struct Source {
    std::string key;
    std::string title;
    std::string note;
};

struct Entry {
    std::string id;
    std::vector<std::string> phrases;
    std::string category;  // "victim-blaming", "criminalising", "labelling", "welfare-led" ...
    Tier tier = Tier::Avoid;
    std::string alternative;  // suggested wording; empty for preferred framing
    std::string why;
    std::string source;  // key into Lexicon::sources
    // A condition on the sentence around a match, for words that mislead only
    // in some sentences: "adult-age" counts "boyfriend" only where the
    // sentence gives an adult's age or an age gap. Empty: always counts.
    std::string condition;
};

struct Lexicon {
    std::vector<Entry> entries;
    std::map<std::string, Source> sources;
};

// Parses one lexicon file; Invalid naming the entry when a phrase or field is wrong.
Result<Lexicon> parse_lexicon(std::string_view json_text);
// Reads every *.json in the folder and merges them (later files add entries).
Result<Lexicon> load_lexicon(const std::filesystem::path& folder);

// The regular expression one phrase compiles to (exposed for tests).
Result<std::string> phrase_to_regex(std::string_view phrase);
// Every literal spelling of a phrase, for comparison with literal matchers.
std::vector<std::string> phrase_spellings(std::string_view phrase);

}  // namespace trellis::lens
