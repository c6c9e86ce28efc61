#include "formats/bounds.hpp"

#include <algorithm>
#include <semaphore>

#include <fmt/format.h>

namespace trellis::formats {
namespace {

std::counting_semaphore<bounds::kConcurrentParses>& slots()
{
    static std::counting_semaphore<bounds::kConcurrentParses> s(bounds::kConcurrentParses);
    return s;
}

}  // namespace

Result<ParseSlot> ParseSlot::take(std::chrono::milliseconds wait)
{
    if (!slots().try_acquire_for(wait))
        return std::unexpected(
            Error::unavailable("Trellis is reading other documents at the moment; try again in a minute."));
    ParseSlot slot;
    slot.held_ = true;
    return slot;
}

ParseSlot::~ParseSlot()
{
    if (held_) slots().release();
}

Result<void> check_xml_items(std::string_view xml, std::string_view what)
{
    auto items = static_cast<std::size_t>(std::ranges::count(xml, '<') + std::ranges::count(xml, '='));
    if (items > bounds::kXmlItems)
        return std::unexpected(Error::invalid(
            fmt::format("The {} holds more than {} XML elements and attributes, more than Trellis reads from one "
                        "document. Split it into smaller documents.",
                        what, fmt::group_digits(bounds::kXmlItems))));
    return {};
}

}  // namespace trellis::formats
