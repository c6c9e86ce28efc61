#include "lens/analyser.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>

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

// The speaker named nearest before `limit`: 1 a young person, 0 a professional, -1 nobody.
int nearest_speaker(const std::string& s, std::size_t limit)
{
    std::size_t best = std::string::npos;
    int who = -1;
    for (auto w : kProfessional) {
        auto at = last_word(s, w, limit);
        if (at != std::string::npos && (best == std::string::npos || at > best)) best = at, who = 0;
    }
    for (auto w : kYoungPerson) {
        auto at = last_word(s, w, limit);
        if (at != std::string::npos && (best == std::string::npos || at >= best)) best = at, who = 1;
    }
    return who;
}

std::size_t last_speech_verb(const std::string& s)
{
    std::size_t verb = std::string::npos;
    for (auto v : kSpeech) {
        auto at = last_word(s, v, s.size());
        if (at != std::string::npos && (verb == std::string::npos || at > verb)) verb = at;
    }
    return verb;
}

// Who is speaking in the sentence around a quote. A speaker named after the
// quote with a verb of speech ("..." the police said) decides first; otherwise
// the person named nearest before the last verb of speech before the quote
// ("young people described ...", "police called them ..."), or, with no such
// verb, the person named last before it.
// The speaker named straight after a verb of speech that follows a quote
// ("...," said one girl): 1 a young person, 0 a professional, -1 nobody. Only
// the first few words count, so an object ("shouted at them") is not taken
// for the speaker.
int speaker_after_verb(const std::string& tail, std::size_t verb)
{
    auto rest = tail.substr(tail.find(' ', verb) == std::string::npos ? tail.size() : tail.find(' ', verb) + 1);
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

bool attributed_to_young_person(std::string_view before, std::string_view after)
{
    std::string tail = lower_ascii(after);
    if (auto verb = last_speech_verb(tail); verb != std::string::npos) {
        int who = nearest_speaker(tail, verb);
        if (who < 0) who = speaker_after_verb(tail, verb);
        if (who >= 0) return who == 1;
    }
    std::string s = lower_ascii(before);
    auto verb = last_speech_verb(s);
    return nearest_speaker(s, verb == std::string::npos ? s.size() : verb) == 1;
}

// The sentence a match sits in: from the last full stop, question or
// exclamation mark or line break before it to the next one after it.
std::string_view sentence_around(std::string_view text, std::size_t begin, std::size_t end)
{
    std::size_t from = begin == 0 ? std::string_view::npos : text.find_last_of(".!?\n", begin - 1);
    from = from == std::string_view::npos ? 0 : from + 1;
    std::size_t to = text.find_first_of(".!?\n", end);
    return text.substr(from, to == std::string_view::npos ? std::string_view::npos : to - from);
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
            // The sentence around the quote: from the last full stop, question or
            // exclamation mark or line break before it to the next one after it.
            std::size_t sentence = text.find_last_of(".!?\n", pos);
            sentence = sentence == std::string_view::npos ? 0 : sentence + 1;
            std::size_t after = close + mark.close.size();
            std::size_t sentence_end = text.find_first_of(".!?\n", after);
            if (sentence_end == std::string_view::npos) sentence_end = text.size();
            if (attributed_to_young_person(text.substr(sentence, pos - sentence),
                                           text.substr(after, sentence_end - after)))
                spans.emplace_back(start, close);
            pos = close + mark.close.size();
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
    std::size_t covered_to = 0;
    for (const auto& r : raw) {
        if (!result.matches.empty() && r.begin < covered_to) continue;
        const Entry* entry = &lexicon_.entries[pattern_entry_[r.pattern].first];
        if (entry->condition == "adult-age" && !gives_adult_age(sentence_around(text, r.begin, r.end))) continue;
        bool voiced = std::any_of(result.young_persons_words.begin(), result.young_persons_words.end(),
                                  [&](const auto& span) { return r.begin >= span.first && r.end <= span.second; });
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
