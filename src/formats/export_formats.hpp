// Every format a framework downloads as, in one table: the framework page, the
// API, the command line, the OpenAPI document and the export benchmark all
// iterate it, so a new format is one row here and its writer.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "formats/framework_export.hpp"

namespace trellis::formats {

struct ExportFormat {
    std::string_view name;        // in URLs and on the command line: "pdf"
    std::string_view label;       // for people: "PDF"
    std::string_view extension;   // of the downloaded file, without the dot
    std::string_view media_type;  // Content-Type
    bool binary = false;          // the command line needs -o FILE
    bool partner_copy = false;    // also offered without evidence about individuals
    // Writes the document in the outcomes framework layout; null for the
    // lossless JSON, which is written from the whole framework with its history.
    Result<std::string> (*write)(const ExportInput& in, const std::string& today) = nullptr;
};

std::span<const ExportFormat> export_formats();

// nullptr when there is no such format.
const ExportFormat* find_export_format(std::string_view name);

// "pdf, docx, markdown, csv or json": for messages and help text.
std::string export_format_names(bool documents_only = false);

}  // namespace trellis::formats
