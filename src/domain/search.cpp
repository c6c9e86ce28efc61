#include "domain/search.hpp"

#include <fmt/format.h>

#include "domain/text.hpp"

namespace trellis {

Result<SearchWords> parse_search_words(std::string_view typed)
{
    if (auto e = text::check(typed, "Search", "q", {.min = 1, .max = kMaxSearchText})) return std::unexpected(*e);
    // Letters and digits make words; ASCII punctuation and space separate them.
    // Bytes of other characters stay in the word for the database's own word
    // breaker, which knows Unicode; none of them is a quote or an operator.
    SearchWords out;
    std::string word;
    auto finish = [&] {
        if (!word.empty() && out.words.size() < kMaxSearchWords + 1) out.words.push_back(std::move(word));
        word.clear();
    };
    for (char ch : typed) {
        auto byte = static_cast<unsigned char>(ch);
        if ((byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
            byte >= 0x80)
            word += ch;
        else
            finish();
    }
    finish();
    if (out.words.empty())
        return std::unexpected(Error::invalid("Type a word to search for: letters or numbers.", "q"));
    if (out.words.size() > kMaxSearchWords)
        return std::unexpected(
            Error::invalid(fmt::format("Search for at most {} words at a time.", kMaxSearchWords), "q"));
    return out;
}

}  // namespace trellis
