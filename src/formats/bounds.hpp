// What an uploaded document may expand to before Trellis builds anything from
// it, and how many documents are read at once. A Word file is a zip: a few
// kilobytes can inflate to gigabytes of XML, and XML or JSON can nest deeper
// than any stack. Every reader of untrusted documents checks these first.
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

#include "domain/error.hpp"

namespace trellis::formats {

namespace bounds {
inline constexpr std::size_t kXmlBytes = 20 * 1024 * 1024;  // one part of a Word document, inflated
inline constexpr std::size_t kXmlItems = 1'000'000;         // its elements and attributes together
inline constexpr std::size_t kCsvCells = 2'000'000;
inline constexpr std::size_t kCsvRows = 200'000;
inline constexpr std::size_t kCsvColumns = 200;
inline constexpr int kJsonDepth = 64;
inline constexpr int kConcurrentParses = 2;
}  // namespace bounds

// One of the few places for reading a document. While all are taken, take()
// waits up to `wait`, then gives Unavailable ("try again in a moment").
class ParseSlot {
public:
    static Result<ParseSlot> take(std::chrono::milliseconds wait = std::chrono::seconds(5));
    ParseSlot(ParseSlot&& other) noexcept : held_(other.held_) { other.held_ = false; }
    ParseSlot& operator=(ParseSlot&&) = delete;
    ParseSlot(const ParseSlot&) = delete;
    ~ParseSlot();

private:
    ParseSlot() = default;
    bool held_ = false;
};

// Invalid when the XML holds more elements and attributes than kXmlItems
// (counted from its markup before any parse: each '<' and each '=' at most one).
Result<void> check_xml_items(std::string_view xml, std::string_view what);

}  // namespace trellis::formats
