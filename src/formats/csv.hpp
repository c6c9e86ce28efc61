// CSV files read with libcsv (RFC 4180 quoting), strictly: a row with broken
// quoting or text that is not UTF-8 is reported with its line number.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace trellis::formats {

struct CsvRow {
    int line = 0;  // 1-based line where the row starts
    std::vector<std::string> cells;
};

struct CsvTable {
    std::vector<std::string> header;
    std::vector<CsvRow> rows;
};

// The first row is the header. Invalid (naming the line) when the file is not
// UTF-8 or its quoting is broken; a byte-order mark is ignored.
Result<CsvTable> parse_csv(std::string_view text);

}  // namespace trellis::formats
