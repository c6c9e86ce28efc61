#include "formats/export_formats.hpp"

#include <array>

#include "formats/framework_docx.hpp"
#include "formats/framework_pdf.hpp"

namespace trellis::formats {
namespace {

Result<std::string> write_pdf(const ExportInput& in, const std::string& today)
{
    return to_pdf(in, today);
}

Result<std::string> write_docx(const ExportInput& in, const std::string&)
{
    return to_docx(in);
}

Result<std::string> write_markdown(const ExportInput& in, const std::string&)
{
    return to_markdown(in);
}

Result<std::string> write_csv(const ExportInput& in, const std::string&)
{
    return "\xEF\xBB\xBF" + to_csv(in);  // a byte-order mark, so spreadsheets read UTF-8
}

constexpr std::array kFormats = {
    ExportFormat{"pdf", "PDF", "pdf", "application/pdf", true, true, write_pdf},
    ExportFormat{"docx", "Word", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 true, true, write_docx},
    ExportFormat{"markdown", "Markdown", "md", "text/markdown; charset=utf-8", false, true, write_markdown},
    ExportFormat{"csv", "CSV", "csv", "text/csv; charset=utf-8", false, true, write_csv},
    ExportFormat{"json", "JSON (for Trellis)", "json", "application/json", false, false, nullptr},
};

}  // namespace

std::span<const ExportFormat> export_formats()
{
    return kFormats;
}

const ExportFormat* find_export_format(std::string_view name)
{
    for (const auto& f : kFormats)
        if (f.name == name) return &f;
    return nullptr;
}

std::string export_format_names(bool documents_only)
{
    std::vector<std::string_view> names;
    for (const auto& f : kFormats)
        if (!documents_only || f.write) names.push_back(f.name);
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
        out += names[i];
    }
    return out;
}

}  // namespace trellis::formats
