// Language lens throughput against grep on the same corpus, side by side.
//
// Generates a corpus of professional-sounding text with lexicon phrases mixed
// in (100 MB by default; the filler words are not lexicon words), then times the lens's single Hyperscan pass over it
// (case-insensitive, hyphen and line-break tolerant) and `grep -c -F -i -f`
// over every literal spelling of the same phrases. Prints MB/s for each and
// the ratio. Usage: bench_lens SHARE_DIR [SIZE_MB]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "service/lens.hpp"

using namespace trellis;

namespace {

std::uint64_t state = 0x9E3779B97F4A7C15ULL;
std::uint64_t next()
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

std::string corpus(std::size_t bytes, const std::vector<std::string>& phrases)
{
    static const std::vector<std::string> words = {
        "the",          "group",    "young",    "people",        "meeting",  "agreed",    "to",        "review",
        "plan",         "with",     "partners", "park",          "college",  "evening",   "youth",     "workers",
        "reported",     "that",     "and",      "were",          "in",       "on",        "a",         "of",
        "at",           "concerns", "about",    "neighbourhood", "parents",  "discussed", "response",  "referral",
        "action",       "week",     "outcome",  "measure",       "activity", "adults",    "follow-up", "session",
        "minutes",      "housing",  "school",   "bus",           "station",  "shop",      "evening",   "weekend",
        "conversation", "observed", "noted",    "confirmed",     "attended"};
    std::string out;
    out.reserve(bytes + 256);
    while (out.size() < bytes) {
        std::size_t n = 8 + next() % 20;
        for (std::size_t i = 0; i < n; ++i) {
            // About one word in two hundred is a lexicon phrase: dense for real minutes.
            if (next() % 200 == 0)
                out += phrases[next() % phrases.size()];
            else
                out += words[next() % words.size()];
            out += (next() % 9 == 0) ? "\n" : " ";
        }
        out += ".\n";
    }
    return out;
}

double seconds_since(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: bench_lens SHARE_DIR [SIZE_MB]\n";
        return 2;
    }
    std::size_t mb = argc > 2 ? static_cast<std::size_t>(std::max(1, std::atoi(argv[2]))) : 100;
    auto lens = service::load_lens(argv[1]);
    if (!lens) {
        std::cerr << lens.error().message << "\n";
        return 1;
    }
    std::set<std::string> literals;
    std::vector<std::string> samples;
    for (const auto& e : (*lens)->lexicon().entries)
        for (const auto& p : e.phrases)
            for (const auto& s : lens::phrase_spellings(p)) {
                literals.insert(s);
                samples.push_back(s);
            }
    auto dir = std::filesystem::temp_directory_path() / fmt::format("trellis-bench-lens-{}", ::getpid());
    std::filesystem::create_directories(dir);
    auto corpus_path = dir / "corpus.txt", phrases_path = dir / "phrases.txt";
    std::string text = corpus(mb * 1024 * 1024, samples);
    std::ofstream(corpus_path, std::ios::binary) << text;
    {
        std::ofstream out(phrases_path);
        for (const auto& l : literals) out << l << "\n";
    }
    double size_mb = static_cast<double>(text.size()) / (1024.0 * 1024.0);
    std::cout << fmt::format("corpus {:.0f} MB; lexicon {} entries, {} literal spellings for grep\n", size_mb,
                             (*lens)->lexicon().entries.size(), literals.size());

    double best_lens = 1e9, best_grep = 1e9, best_grep_cs = 1e9;
    std::size_t matches = 0;
    for (int round = 0; round < 3; ++round) {
        auto t0 = std::chrono::steady_clock::now();
        std::ifstream in(corpus_path, std::ios::binary);  // read from the file, as grep does
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto n = (*lens)->count(data);
        best_lens = std::min(best_lens, seconds_since(t0));
        if (!n) {
            std::cerr << n.error().message << "\n";
            return 1;
        }
        matches = *n;
        auto grep = [&](const char* flags) {
            // Not to /dev/null: GNU grep then stops at the first match.
            auto cmd = fmt::format("grep -c {} -f '{}' '{}' > '{}'", flags, phrases_path.string(), corpus_path.string(),
                                   (dir / "grep.out").string());
            auto t = std::chrono::steady_clock::now();
            if (std::system(cmd.c_str()) == -1) std::exit(1);
            return seconds_since(t);
        };
        best_grep = std::min(best_grep, grep("-F -i"));
        best_grep_cs = std::min(best_grep_cs, grep("-F"));
    }
    std::cout << fmt::format("{:<44} {:>8.0f} MB/s  ({} matches)\n", "lens (one Hyperscan pass, caseless)",
                             size_mb / best_lens, matches);
    std::cout << fmt::format("{:<44} {:>8.0f} MB/s\n", "grep -c -F -i -f (same phrases, caseless)",
                             size_mb / best_grep);
    std::cout << fmt::format("{:<44} {:>8.0f} MB/s\n", "grep -c -F -f (same phrases, exact case)",
                             size_mb / best_grep_cs);
    std::cout << fmt::format("ratio lens/grep caseless: {:.2f}; lens/grep exact case: {:.2f}\n", best_grep / best_lens,
                             best_grep_cs / best_lens);
    if (!std::getenv("KEEP_CORPUS"))
        std::filesystem::remove_all(dir);
    else
        std::cout << "corpus kept in " << dir.string() << "\n";
    return 0;
}
