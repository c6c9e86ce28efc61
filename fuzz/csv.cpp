// The CSV reader: any bytes give a table or an error naming the line.
#include "formats/csv.hpp"

#include "domain/text.hpp"
#include "formats/bounds.hpp"
#include "harness.hpp"

using namespace trellis;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto input = fuzz::bytes(data, size);
    auto table = formats::parse_csv(input);
    if (!table) {
        fuzz::must(!table.error().message.empty(), "a refusal says why");
        return 0;
    }
    fuzz::must(table->header.size() <= formats::bounds::kCsvColumns, "the column bound holds");
    fuzz::must(table->rows.size() <= formats::bounds::kCsvRows, "the row bound holds");
    for (const auto& cell : table->header) fuzz::must(text::is_valid_utf8(cell), "a header cell is UTF-8");
    int line = 0;
    for (const auto& row : table->rows) {
        fuzz::must(row.line > line, "rows keep their order and lines");
        line = row.line;
        for (const auto& cell : row.cells) fuzz::must(text::is_valid_utf8(cell), "a cell is UTF-8");
    }
    return 0;
}
