#include "formats/csv.hpp"

#include <csv.h>

#include <fmt/format.h>

#include "domain/text.hpp"
#include "formats/bounds.hpp"

namespace trellis::formats {
namespace {

struct State {
    std::vector<CsvRow> rows;
    CsvRow current;
    int line = 1;
    int row_start = 1;
    std::size_t cells = 0;
    std::string too_large;  // set once a bound is passed; nothing more is kept
};

void on_field(void* data, std::size_t len, void* raw)
{
    auto* s = static_cast<State*>(raw);
    if (!s->too_large.empty()) return;
    if (s->current.cells.size() >= bounds::kCsvColumns)
        s->too_large = fmt::format("line {}: a row has more than {} columns.", s->row_start, bounds::kCsvColumns);
    else if (++s->cells > bounds::kCsvCells)
        s->too_large = fmt::format(
            "line {}: the file has more than {} values, more than Trellis imports at once. "
            "Split it into smaller files.",
            s->row_start, fmt::group_digits(bounds::kCsvCells));
    else
        s->current.cells.emplace_back(static_cast<const char*>(data), len);
}

void on_row(int, void* raw)
{
    auto* s = static_cast<State*>(raw);
    if (!s->too_large.empty()) return;
    if (s->rows.size() >= bounds::kCsvRows) {
        s->too_large = fmt::format(
            "line {}: the file has more than {} rows, more than Trellis imports at once. "
            "Split it into smaller files.",
            s->row_start, fmt::group_digits(bounds::kCsvRows));
        return;
    }
    s->current.line = s->row_start;
    s->rows.push_back(std::move(s->current));
    s->current = {};
}

// Where the line starting at `start` ends, its line break included. A line
// ends at "\r\n", "\n" or a lone "\r" (spreadsheets on a Mac still save those).
std::size_t line_end(std::string_view text, std::size_t start)
{
    auto end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) return text.size();
    if (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') return end + 2;
    return end + 1;
}

}  // namespace

Result<CsvTable> parse_csv(std::string_view text)
{
    auto slot = TRY(ParseSlot::take());
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    // Report the first line that is not UTF-8, so the user can find it.
    int line = 1;
    for (std::size_t start = 0; start < text.size(); ++line) {
        auto end = line_end(text, start);
        if (!text::is_valid_utf8(text.substr(start, end - start)))
            return std::unexpected(Error::invalid(
                fmt::format("line {}: the file is not UTF-8 text; save it as \"CSV UTF-8\" and try again.", line)));
        start = end;
    }
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return std::unexpected(Error::unavailable("The CSV reader could not start."));
    State state;
    // Feed line by line so each row knows where it started.
    for (std::size_t start = 0; start < text.size();) {
        auto end = line_end(text, start);
        if (parser.pstate == 0) state.row_start = state.line;  // libcsv: ROW_NOT_BEGUN, between rows
        if (csv_parse(&parser, text.data() + start, end - start, on_field, on_row, &state) != end - start) {
            csv_free(&parser);
            return std::unexpected(Error::invalid(
                fmt::format("line {}: the quoting is broken ({}).", state.line, csv_strerror(csv_error(&parser)))));
        }
        if (!state.too_large.empty()) {
            csv_free(&parser);
            return std::unexpected(Error::invalid(state.too_large));
        }
        ++state.line;
        start = end;
    }
    if (csv_fini(&parser, on_field, on_row, &state) != 0) {
        csv_free(&parser);
        return std::unexpected(
            Error::invalid(fmt::format("line {}: a quoted value is never closed.", state.row_start)));
    }
    csv_free(&parser);
    if (!state.too_large.empty()) return std::unexpected(Error::invalid(state.too_large));
    CsvTable table;
    if (state.rows.empty()) return std::unexpected(Error::invalid("line 1: the file is empty; expected a header row."));
    table.header = std::move(state.rows.front().cells);
    for (auto& h : table.header) h = text::collapse_space(h);
    for (std::size_t i = 1; i < state.rows.size(); ++i) {
        bool blank = true;
        for (const auto& c : state.rows[i].cells) blank = blank && text::collapse_space(c).empty();
        if (!blank) table.rows.push_back(std::move(state.rows[i]));
    }
    return table;
}

}  // namespace trellis::formats
