// A framework as a PDF in the outcomes framework layout, drawn with cairo and
// pango: A4 landscape, the stage questions as a header row repeated on every
// page, each area of focus as a full-width row, each goal as a row with its
// four stage cells. A row too long for the page continues on the next one at a
// line boundary, so no line is lost or cut. Pages are numbered "Page n of N";
// indicator charts follow the table as vector drawings; fonts are embedded.
#pragma once

#include <string>

#include "domain/error.hpp"
#include "formats/framework_export.hpp"

namespace trellis::formats {

// The bytes of the PDF. `generated_on` (YYYY-MM-DD) is printed in the footer.
Result<std::string> to_pdf(const ExportInput& in, const std::string& generated_on);

}  // namespace trellis::formats
