// A minimal Word document (word/document.xml in a ZIP) for tests.
#pragma once

#include <string>
#include <vector>

namespace trellis::testing {

// The bytes of a .docx whose body is the given XML (children of <w:body>).
std::string make_docx_body(const std::string& body_xml);
// A .docx with one paragraph per string.
std::string make_docx_paragraphs(const std::vector<std::string>& paragraphs);

}  // namespace trellis::testing
