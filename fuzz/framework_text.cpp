// The exemplar text importer: any bytes give a framework or a clear error.
#include "formats/framework_text.hpp"

#include "domain/text.hpp"
#include "harness.hpp"

using namespace trellis;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto input = fuzz::bytes(data, size);
    auto parsed = formats::parse_framework_text(input);
    if (!parsed) {
        fuzz::must(!parsed.error().message.empty(), "a refusal says why");
        return 0;
    }
    fuzz::must(text::is_valid_utf8(parsed->title), "the title is UTF-8");
    for (const auto& area : parsed->areas) {
        fuzz::must(text::is_valid_utf8(area.name), "an area's name is UTF-8");
        for (const auto& goal : area.goals) {
            fuzz::must(text::is_valid_utf8(goal.statement), "a goal statement is UTF-8");
            for (const auto& stage : goal.stages) fuzz::must(text::is_valid_utf8(stage.text), "a stage is UTF-8");
        }
    }
    // The same bytes read the same way twice: the parser keeps no state.
    auto again = formats::parse_framework_text(input);
    fuzz::must(again && again->areas.size() == parsed->areas.size(), "reading is repeatable");
    return 0;
}
