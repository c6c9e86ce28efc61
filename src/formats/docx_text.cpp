#include "formats/docx_text.hpp"

#include <zip.h>

#include <fmt/format.h>
#include <memory>
#include <pugixml.hpp>

#include "formats/bounds.hpp"

namespace trellis::formats {
namespace {

// Depth-first over the tree without recursion (a document may nest elements
// tens of thousands deep): climb back through parent links instead of returning.
void collect(const pugi::xml_node& root, std::string& out)
{
    auto cur = root.first_child();
    while (cur) {
        std::string_view name = cur.name();
        bool descend = false;
        if (name == "w:t") {
            out += cur.text().get();
        } else if (name == "w:tab") {
            out += '\t';
        } else if (name == "w:br" || name == "w:cr") {
            out += '\n';
        } else if (name == "w:delText" || name == "w:instrText") {
            // deleted text and field codes are not part of what a reader sees
        } else {
            descend = true;
        }
        if (descend && cur.first_child()) {
            cur = cur.first_child();
            continue;
        }
        if (name == "w:p") out += '\n';
        while (!cur.next_sibling()) {
            cur = cur.parent();
            if (cur == root) return;
            if (std::string_view(cur.name()) == "w:p") out += '\n';
        }
        cur = cur.next_sibling();
    }
}

}  // namespace

bool looks_like_docx(std::string_view bytes)
{
    return bytes.size() > 4 && bytes.substr(0, 4) == "PK\x03\x04";
}

Result<std::string> docx_document_xml(std::string_view bytes)
{
    auto unreadable = [](const char* why) {
        return std::unexpected(
            Error::invalid(std::string("This file is not a Word document (.docx) Trellis can read: ") + why));
    };
    if (!looks_like_docx(bytes)) return std::unexpected(Error::invalid(std::string(kNotWord)));
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (!source) return unreadable("it could not be opened.");
    std::unique_ptr<zip_t, decltype(&zip_discard)> archive(zip_open_from_source(source, ZIP_RDONLY, &error),
                                                           &zip_discard);
    if (!archive) {
        zip_source_free(source);
        zip_error_fini(&error);
        return unreadable("the archive is damaged.");
    }
    zip_stat_t stat;
    if (zip_stat(archive.get(), "word/document.xml", 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
        return unreadable("it has no word/document.xml.");
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen(archive.get(), "word/document.xml", 0),
                                                            &zip_fclose);
    if (!file) return unreadable("word/document.xml cannot be read.");
    // Count what inflates rather than trust the size the archive claims.
    std::string xml;
    char chunk[64 * 1024];
    for (;;) {
        auto n = zip_fread(file.get(), chunk, sizeof chunk);
        if (n < 0) return unreadable("word/document.xml is damaged.");
        if (n == 0) break;
        if (xml.size() + static_cast<std::size_t>(n) > bounds::kXmlBytes)
            return std::unexpected(Error::invalid(
                fmt::format("The Word document's text unpacks to more than {} MB, more than Trellis reads from one "
                            "document. Split it into smaller documents.",
                            bounds::kXmlBytes / (1024 * 1024))));
        xml.append(chunk, static_cast<std::size_t>(n));
    }
    return xml;
}

Result<std::string> docx_text(std::string_view bytes)
{
    auto slot = TRY(ParseSlot::take());
    auto xml = TRY(docx_document_xml(bytes));
    TRY(check_xml_items(xml, "Word document"));
    pugi::xml_document doc;
    if (!doc.load_buffer_inplace(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata))
        return std::unexpected(Error::invalid(
            "The file is not a Word document Trellis can read: word/document.xml is not well-formed XML."));
    auto body = doc.child("w:document").child("w:body");
    if (!body)
        return std::unexpected(
            Error::invalid("This file is not a Word document (.docx) Trellis can read: it has no document body."));
    std::string text;
    collect(body, text);
    return text;
}

}  // namespace trellis::formats
