// Packing a Word document: the parts every .docx carries around its
// document.xml and styles.xml, zipped with libzip.
#pragma once

#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace trellis::formats {

// The bytes of a .docx holding `document_xml` (word/document.xml) styled by
// `styles` (word/styles.xml).
Result<std::string> package_docx(const std::string& document_xml, std::string_view styles);

}  // namespace trellis::formats
