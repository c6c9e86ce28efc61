// A plain document of headed sections (a conference's written summary, a
// context's chronology) as Word and as a tagged PDF: A4 portrait, Arial or
// Liberation Sans, real headings and lists so screen readers can move by them.
#pragma once

#include <string>
#include <vector>

#include "domain/error.hpp"

namespace trellis::formats {

struct SimpleSection {
    std::string heading;
    std::vector<std::string> paragraphs;  // each may hold blank-line-separated paragraphs
    std::vector<std::string> bullets;
};

struct SimpleDocument {
    std::string title;
    std::vector<std::string> meta;  // lines under the title: "Held on 4 March 2026"
    std::vector<SimpleSection> sections;
    std::string footer;  // on every PDF page, before "Page i of n"
};

Result<std::string> simple_docx(const SimpleDocument& doc);
Result<std::string> simple_pdf(const SimpleDocument& doc);

}  // namespace trellis::formats
