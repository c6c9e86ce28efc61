// The Word reader: zip, then XML, then the framework table. Any bytes give
// text or a framework, or a clear error; never a crash or an unbounded read.
// An input that begins "PK" is read as the file itself (the zip layer); any
// other input is the XML of word/document.xml, packed into a valid .docx first
// so that mutations reach the XML and table readers past the zip's checksums.
#include "formats/docx_kit.hpp"
#include "formats/docx_text.hpp"
#include "formats/framework_docx_import.hpp"

#include "domain/text.hpp"
#include "harness.hpp"

using namespace trellis;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto input = fuzz::bytes(data, size);
    std::string packed;
    if (!input.starts_with("PK")) {
        auto docx = formats::package_docx(std::string(input), "");
        if (!docx) return 0;
        packed = std::move(*docx);
        input = packed;
    }
    if (auto plain = formats::docx_text(input)) {
        fuzz::must(formats::looks_like_docx(input), "only a zip is read as a Word document");
    } else {
        fuzz::must(!plain.error().message.empty(), "a refusal says why");
    }
    auto parsed = formats::parse_framework_docx(input);
    if (!parsed) {
        fuzz::must(!parsed.error().message.empty(), "a refusal says why");
        return 0;
    }
    for (const auto& area : parsed->areas) {
        fuzz::must(text::is_valid_utf8(area.name), "an area's name is UTF-8");
        for (const auto& goal : area.goals) fuzz::must(text::is_valid_utf8(goal.statement), "a goal is UTF-8");
    }
    return 0;
}
