// A framework as a Word document in the outcomes framework layout: A4
// landscape, one table with the stage questions as a repeated header row,
// each area of focus as a full-width row and each goal as a row with its
// four stage cells (actions listed under the Action stage).
#pragma once

#include <string>

#include "domain/error.hpp"
#include "formats/framework_export.hpp"

namespace trellis::formats {

// The bytes of a .docx (Office Open XML), built with pugixml and libzip.
Result<std::string> to_docx(const ExportInput& in);

}  // namespace trellis::formats
