#include "lens/analyser.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "domain/text.hpp"

namespace trellis::lens {

struct Analyser::Scanner {
    hs_database_t* db = nullptr;
    hs_scratch_t* prototype = nullptr;
    ~Scanner()
    {
        hs_free_scratch(prototype);
        hs_free_database(db);
    }
    // Hyperscan scratch space is per thread; each thread clones the prototype once.
    hs_scratch_t* scratch() const
    {
        thread_local std::unordered_map<const Scanner*, hs_scratch_t*> mine;
        auto it = mine.find(this);
        if (it != mine.end()) return it->second;
        hs_scratch_t* s = nullptr;
        if (hs_clone_scratch(prototype, &s) != HS_SUCCESS) return nullptr;
        mine.emplace(this, s);
        return s;
    }
};

std::optional<double> Analysis::welfare_share() const
{
    int total = preferred + caution + avoid;
    if (total == 0) return std::nullopt;
    return static_cast<double>(preferred) / total;
}

Analyser::~Analyser() = default;

Result<std::shared_ptr<const Analyser>> Analyser::build(Lexicon lexicon)
{
    std::shared_ptr<Analyser> a(new Analyser());
    a->lexicon_ = std::move(lexicon);
    std::vector<std::string> expressions;
    for (std::size_t e = 0; e < a->lexicon_.entries.size(); ++e) {
        const auto& entry = a->lexicon_.entries[e];
        for (std::size_t p = 0; p < entry.phrases.size(); ++p) {
            auto re = phrase_to_regex(entry.phrases[p]);
            if (!re)
                return std::unexpected(
                    Error::invalid(fmt::format("Lexicon entry \"{}\": {}", entry.id, re.error().message)));
            // No-break spaces separate words too.
            static const std::string kSeparator = "[\\s\\-]";
            static const std::string kWithNoBreakSpace = "[\\s\\-\\x{a0}]";
            std::string expr = *re;
            for (std::size_t pos = 0; (pos = expr.find(kSeparator, pos)) != std::string::npos;
                 pos += kWithNoBreakSpace.size())
                expr.replace(pos, kSeparator.size(), kWithNoBreakSpace);
            expressions.push_back(expr);
            a->pattern_entry_.emplace_back(e, p);
        }
    }
    std::vector<const char*> exprs;
    std::vector<unsigned> flags, ids;
    for (std::size_t i = 0; i < expressions.size(); ++i) {
        exprs.push_back(expressions[i].c_str());
        flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SOM_LEFTMOST | HS_FLAG_UTF8);
        ids.push_back(static_cast<unsigned>(i));
    }
    a->scanner_ = std::make_unique<Scanner>();
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                         nullptr, &a->scanner_->db, &err) != HS_SUCCESS) {
        std::string message = err && err->message ? err->message : "unknown error";
        int which = err ? err->expression : -1;
        hs_free_compile_error(err);
        std::string entry =
            which >= 0 ? a->lexicon_.entries[a->pattern_entry_[static_cast<std::size_t>(which)].first].id : "?";
        return std::unexpected(
            Error::invalid(fmt::format("Lexicon entry \"{}\" cannot be compiled: {}", entry, message)));
    }
    if (hs_alloc_scratch(a->scanner_->db, &a->scanner_->prototype) != HS_SUCCESS)
        return std::unexpected(Error::unavailable("Not enough memory for the language lens."));
    return std::shared_ptr<const Analyser>(std::move(a));
}

namespace {

struct Raw {
    std::size_t begin, end, pattern;
};

int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx)
{
    static_cast<std::vector<Raw>*>(ctx)->push_back({static_cast<std::size_t>(from), static_cast<std::size_t>(to), id});
    return 0;
}

int on_count(unsigned, unsigned long long, unsigned long long, unsigned, void* ctx)
{
    ++*static_cast<std::size_t*>(ctx);
    return 0;
}

bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string lower_ascii(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// The start of the last whole-word occurrence of `word` in `hay` before `limit`, or npos.
std::size_t last_word(const std::string& hay, std::string_view word, std::size_t limit)
{
    std::size_t found = std::string::npos;
    for (std::size_t pos = hay.find(word); pos != std::string::npos && pos < limit; pos = hay.find(word, pos + 1)) {
        bool left = pos == 0 || !is_letter(hay[pos - 1]);
        bool right = pos + word.size() >= hay.size() || !is_letter(hay[pos + word.size()]);
        if (left && right) found = pos;
    }
    return found;
}

constexpr std::string_view kSpeech[] = {
    "said",      "say",      "says",       "saying",  "told",      "tell",      "tells",   "described", "describe",
    "describes", "called",   "call",       "calls",   "explained", "shouted",   "asked",   "reported",  "spoke",
    "wrote",     "texted",   "posted",     "feeling", "felt",      "feel",      "replied", "answered",  "added",
    "admitted",  "insisted", "complained", "laughed", "joked",     "whispered", "screamed"};
constexpr std::string_view kProfessional[] = {"police",
                                              "officer",
                                              "officers",
                                              "professional",
                                              "professionals",
                                              "staff",
                                              "practitioner",
                                              "practitioners",
                                              "social worker",
                                              "teacher",
                                              "teachers",
                                              "manager",
                                              "minutes",
                                              "report",
                                              "agency",
                                              "agencies",
                                              "partners",
                                              "council",
                                              "pcso",
                                              "colleague",
                                              "colleagues",
                                              "we",
                                              "i",
                                              "community safety",
                                              "the school",
                                              "the college"};
constexpr std::string_view kYoungPerson[] = {
    "young people", "young person", "yp",        "boy",       "boys",     "girl", "girls", "child",
    "children",     "teenager",     "teenagers", "the group", "they",     "he",   "she",   "one of them",
    "the boss",     "pupil",        "pupils",    "student",   "students", "them"};

// The words of a text (runs of ASCII letters, lower-cased) with what each one
// starts: a verb of speech, or a professional or a young person named (a name
// may be several words: "social worker", "one of them"). Built once for a
// text, it finds the last verb or speaker between two offsets with a binary
// search, so attributing every quote costs about the text's length however
// many quotes it holds (the fuzzer found 27 KB of quote marks taking seconds).
class Words {
public:
    explicit Words(std::string_view text) : lower_(lower_ascii(text))
    {
        for (std::size_t i = 0; i < lower_.size();) {
            if (!is_letter(lower_[i])) {
                if (lower_[i] == ' ') spaces_.push_back(i);
                ++i;
                continue;
            }
            std::size_t end = i;
            while (end < lower_.size() && is_letter(lower_[end])) ++end;
            words_.push_back({i, end});
            i = end;
        }
        std::int32_t verb = -1, speaker = -1;
        for (std::size_t w = 0; w < words_.size(); ++w) {
            words_[w].verb = verbs().contains(text_of(w));
            words_[w].speaker = named_at(w);
            if (words_[w].verb) verb = static_cast<std::int32_t>(w);
            if (words_[w].speaker >= 0) speaker = static_cast<std::int32_t>(w);
            last_verb_.push_back(verb);
            last_speaker_.push_back(speaker);
        }
    }

    const std::string& lower() const { return lower_; }

    // The offset of the last verb of speech in [from, to), or npos.
    std::size_t last_verb(std::size_t from, std::size_t to) const
    {
        auto w = latest(last_verb_, from, to);
        return w < 0 ? std::string::npos : words_[static_cast<std::size_t>(w)].begin;
    }

    // Who is named last, starting in [from, to): 1 a young person, 0 a
    // professional, -1 nobody. A young person wins a tie.
    int last_speaker(std::size_t from, std::size_t to) const
    {
        auto w = latest(last_speaker_, from, to);
        return w < 0 ? -1 : words_[static_cast<std::size_t>(w)].speaker;
    }

    // The offset of the first space at or after `at`, or npos.
    std::size_t next_space(std::size_t at) const
    {
        auto it = std::ranges::lower_bound(spaces_, at);
        return it == spaces_.end() ? std::string::npos : *it;
    }

private:
    struct Word {
        std::size_t begin, end;
        bool verb = false;
        int speaker = -1;
    };

    std::string_view text_of(std::size_t w) const
    {
        return std::string_view(lower_).substr(words_[w].begin, words_[w].end - words_[w].begin);
    }

    // Whether `name` (words separated by single spaces) is written from word `w` on.
    bool written_at(std::size_t w, std::string_view name) const
    {
        for (std::size_t from = 0;; ++w) {
            auto space = name.find(' ', from);
            auto part = name.substr(from, space == std::string_view::npos ? std::string_view::npos : space - from);
            if (w >= words_.size() || text_of(w) != part) return false;
            if (space == std::string_view::npos) return true;
            if (w + 1 >= words_.size() || words_[w + 1].begin != words_[w].end + 1 || lower_[words_[w].end] != ' ')
                return false;
            from = space + 1;
        }
    }

    static const std::unordered_set<std::string_view>& verbs()
    {
        static const std::unordered_set<std::string_view> all(std::begin(kSpeech), std::end(kSpeech));
        return all;
    }

    // The names of speakers by their first word, a young person's first.
    static const std::unordered_map<std::string_view, std::vector<std::pair<std::string_view, int>>>& names()
    {
        static const auto all = [] {
            std::unordered_map<std::string_view, std::vector<std::pair<std::string_view, int>>> by_first;
            for (auto name : kYoungPerson) by_first[name.substr(0, name.find(' '))].emplace_back(name, 1);
            for (auto name : kProfessional) by_first[name.substr(0, name.find(' '))].emplace_back(name, 0);
            return by_first;
        }();
        return all;
    }

    int named_at(std::size_t w) const
    {
        auto it = names().find(text_of(w));
        if (it == names().end()) return -1;
        for (const auto& [name, who] : it->second)
            if (written_at(w, name)) return who;
        return -1;
    }

    // The index of the last word marked in `latest_at` that starts in [from, to), or -1.
    std::int32_t latest(const std::vector<std::int32_t>& latest_at, std::size_t from, std::size_t to) const
    {
        auto before = std::ranges::partition_point(words_, [&](const Word& w) { return w.begin < to; });
        if (before == words_.begin()) return -1;
        auto w = latest_at[static_cast<std::size_t>(before - words_.begin() - 1)];
        return w >= 0 && words_[static_cast<std::size_t>(w)].begin >= from ? w : -1;
    }

    std::string lower_;
    std::vector<Word> words_;
    std::vector<std::size_t> spaces_;
    std::vector<std::int32_t> last_verb_, last_speaker_;  // per word: the latest such word up to it
};

// The speaker named straight after a verb of speech that follows a quote
// ("...," said one girl): 1 a young person, 0 a professional, -1 nobody. Only
// the first few words count, so an object ("shouted at them") is not taken
// for the speaker. `end` is where the sentence ends.
int speaker_after_verb(const Words& words, std::size_t verb, std::size_t end)
{
    auto space = words.next_space(verb);
    std::string_view rest = space == std::string::npos || space >= end
                                ? std::string_view()
                                : std::string_view(words.lower()).substr(space + 1, end - space - 1);
    static constexpr std::string_view kDeterminers[] = {"one of the ", "one ",  "a ",   "an ",    "another ",
                                                        "the ",        "some ", "two ", "three ", "several "};
    for (auto d : kDeterminers)
        if (rest.starts_with(d)) {
            rest = rest.substr(d.size());
            break;
        }
    auto starts_with_word = [&](std::string_view w) {
        return rest.starts_with(w) && (rest.size() == w.size() || !is_letter(rest[w.size()]));
    };
    for (auto w : kYoungPerson)
        if (w != "they" && w != "he" && w != "she" && w != "them" && starts_with_word(w)) return 1;
    for (auto w : kProfessional)
        if (w != "we" && w != "i" && starts_with_word(w)) return 0;
    if (starts_with_word("he") || starts_with_word("she") || starts_with_word("they")) return 1;
    return -1;
}

// Where sentences end: full stops, question and exclamation marks, line breaks.
class Sentences {
public:
    explicit Sentences(std::string_view text) : size_(text.size())
    {
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == '\n') stops_.push_back(i);
    }
    // Where the sentence holding offset `at` starts: after the last stop at or before it.
    std::size_t start(std::size_t at) const
    {
        auto it = std::ranges::upper_bound(stops_, at);
        return it == stops_.begin() ? 0 : *std::prev(it) + 1;
    }
    // The first stop at or after `at`, or the text's end.
    std::size_t end(std::size_t at) const
    {
        auto it = std::ranges::lower_bound(stops_, at);
        return it == stops_.end() ? size_ : *it;
    }

private:
    std::size_t size_;
    std::vector<std::size_t> stops_;
};

// Who is speaking in the sentence around a quote opened at `open` and closed
// before `after`. A speaker named after the quote with a verb of speech
// ("..." the police said) decides first; otherwise the person named nearest
// before the last verb of speech before the quote ("young people described
// ...", "police called them ..."), or, with no such verb, the person named
// last before it.
bool attributed_to_young_person(const Words& words, const Sentences& sentences, std::size_t open, std::size_t after,
                                std::unordered_map<std::size_t, int>& after_verb)
{
    std::size_t end = sentences.end(after);
    if (auto verb = words.last_verb(after, end); verb != std::string::npos) {
        int who = words.last_speaker(after, verb);
        if (who < 0) {
            auto [it, fresh] = after_verb.try_emplace(verb, 0);
            if (fresh) it->second = speaker_after_verb(words, verb, end);
            who = it->second;
        }
        if (who >= 0) return who == 1;
    }
    std::size_t start = sentences.start(open);
    auto verb = words.last_verb(start, open);
    return words.last_speaker(start, verb == std::string::npos ? open : verb) == 1;
}

// An adult's age (a number from 18 to 99 standing alone, as in "is 19",
// "24-year-old", "aged 25") or an age gap ("older", "in his twenties").
bool gives_adult_age(std::string_view sentence)
{
    std::string s = lower_ascii(sentence);
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        bool digits = s[i] >= '0' && s[i] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9';
        bool alone = (i == 0 || !(s[i - 1] >= '0' && s[i - 1] <= '9')) &&
                     (i + 2 >= s.size() || !(s[i + 2] >= '0' && s[i + 2] <= '9'));
        if (digits && alone && (s[i] > '1' || s[i + 1] >= '8')) return true;
    }
    for (std::string_view w : {"older", "twenties", "thirties", "forties", "adult man", "grown man"})
        if (last_word(s, w, s.size()) != std::string::npos) return true;
    return false;
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> young_persons_quotes(std::string_view text)
{
    // Quote marks: curly double, straight double, and curly single where the
    // opening mark follows a space (so apostrophes are not mistaken for quotes).
    struct Mark {
        std::string_view open, close;
    };
    static constexpr Mark kMarks[] = {{"\xE2\x80\x9C", "\xE2\x80\x9D"}, {"\"", "\""}, {"\xE2\x80\x98", "\xE2\x80\x99"}};
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    if (text.find_first_of("\"\xE2") == std::string_view::npos) return spans;
    Words words(text);
    Sentences sentences(text);
    std::unordered_map<std::size_t, int> after_verb;  // speaker_after_verb by the verb's offset
    for (const auto& mark : kMarks) {
        std::size_t pos = 0;
        while ((pos = text.find(mark.open, pos)) != std::string_view::npos) {
            if (mark.open == "\xE2\x80\x98" && pos > 0 && is_letter(text[pos - 1])) {
                pos += mark.open.size();
                continue;
            }
            std::size_t start = pos + mark.open.size();
            std::size_t close = text.find(mark.close, start);
            // A closing curly single quote followed by a letter is an apostrophe ("they'd").
            while (close != std::string_view::npos && mark.close == "\xE2\x80\x99" && close + 3 < text.size() &&
                   is_letter(text[close + 3]))
                close = text.find(mark.close, close + 3);
            if (close == std::string_view::npos || close - start > 400) break;
            std::size_t after = close + mark.close.size();
            if (attributed_to_young_person(words, sentences, pos, after, after_verb)) spans.emplace_back(start, close);
            pos = after;
        }
    }
    std::sort(spans.begin(), spans.end());
    return spans;
}

Result<Analysis> Analyser::analyse(std::string_view text, Voice voice) const
{
    if (!text::is_valid_utf8(text)) return std::unexpected(Error::invalid("The text is not valid UTF-8."));
    hs_scratch_t* scratch = scanner_->scratch();
    if (!scratch) return std::unexpected(Error::unavailable("Not enough memory for the language lens."));
    std::vector<Raw> raw;
    if (!text.empty() && hs_scan(scanner_->db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_match,
                                 &raw) != HS_SUCCESS)
        return std::unexpected(Error::unavailable("The language lens could not scan the text."));

    // Longest match first at each start; drop matches inside an earlier one.
    std::sort(raw.begin(), raw.end(),
              [](const Raw& a, const Raw& b) { return a.begin != b.begin ? a.begin < b.begin : a.end > b.end; });
    Analysis result;
    if (voice == Voice::YoungPerson)
        result.young_persons_words = {{0, text.size()}};
    else
        result.young_persons_words = young_persons_quotes(text);
    // Spans are sorted by start; the furthest end among the spans up to each
    // one tells whether any span starting before a match also covers it.
    const auto& spans = result.young_persons_words;
    std::vector<std::size_t> furthest_end;
    for (const auto& span : spans)
        furthest_end.push_back(std::max(span.second, furthest_end.empty() ? 0 : furthest_end.back()));
    std::optional<Sentences> sentences;
    std::map<std::pair<std::size_t, std::size_t>, bool> adult_age;  // by the sentence's bounds
    std::size_t covered_to = 0;
    for (const auto& r : raw) {
        if (!result.matches.empty() && r.begin < covered_to) continue;
        const Entry* entry = &lexicon_.entries[pattern_entry_[r.pattern].first];
        if (entry->condition == "adult-age") {
            // The sentence the match sits in.
            if (!sentences) sentences.emplace(text);
            std::pair bounds{r.begin == 0 ? 0 : sentences->start(r.begin - 1), sentences->end(r.end)};
            auto [it, fresh] = adult_age.try_emplace(bounds, false);
            if (fresh) it->second = gives_adult_age(text.substr(bounds.first, bounds.second - bounds.first));
            if (!it->second) continue;
        }
        auto later = std::ranges::upper_bound(spans, r.begin, {}, &std::pair<std::size_t, std::size_t>::first);
        bool voiced =
            later != spans.begin() && furthest_end[static_cast<std::size_t>(later - spans.begin() - 1)] >= r.end;
        result.matches.push_back({r.begin, r.end, entry, voiced});
        covered_to = r.end;
        if (voiced) continue;
        switch (entry->tier) {
            case Tier::Preferred: ++result.preferred; break;
            case Tier::Caution: ++result.caution; break;
            case Tier::Avoid: ++result.avoid; break;
        }
    }
    return result;
}

Result<std::size_t> Analyser::count(std::string_view text) const
{
    hs_scratch_t* scratch = scanner_->scratch();
    if (!scratch) return std::unexpected(Error::unavailable("Not enough memory for the language lens."));
    std::size_t n = 0;
    // Hyperscan takes at most 4 GiB a call; the benchmark feeds it in chunks on line boundaries.
    if (hs_scan(scanner_->db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_count, &n) != HS_SUCCESS)
        return std::unexpected(Error::unavailable("The language lens could not scan the text."));
    return n;
}

}  // namespace trellis::lens
