// The plain text of a Word document (.docx): paragraphs in order, table
// cells and text boxes included, one paragraph a line.
#pragma once

#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace trellis::formats {

// True when the bytes look like a ZIP archive (every .docx is one).
bool looks_like_docx(std::string_view bytes);

// What a file that is not a Word document at all is told.
inline constexpr std::string_view kNotWord = "This file is not a Word document (.docx).";

// Invalid with a message a person understands when the bytes are not a Word
// document Trellis can read.
Result<std::string> docx_text(std::string_view bytes);

// The XML of the main document part (word/document.xml), or Invalid as above.
Result<std::string> docx_document_xml(std::string_view bytes);

}  // namespace trellis::formats
