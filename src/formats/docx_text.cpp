#include "formats/docx_text.hpp"

#include <zip.h>

#include <memory>
#include <pugixml.hpp>

namespace trellis::formats {
namespace {

void collect(const pugi::xml_node& node, std::string& out)
{
    for (const auto& child : node.children()) {
        std::string_view name = child.name();
        if (name == "w:t") {
            out += child.text().get();
        } else if (name == "w:tab") {
            out += '\t';
        } else if (name == "w:br" || name == "w:cr") {
            out += '\n';
        } else if (name == "w:p") {
            collect(child, out);
            out += '\n';
        } else if (name == "w:delText" || name == "w:instrText") {
            // deleted text and field codes are not part of what a reader sees
        } else {
            collect(child, out);
        }
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
        return std::unexpected(Error::invalid(std::string("The file is not a Word document Trellis can read: ") + why));
    };
    if (!looks_like_docx(bytes)) return unreadable("it is not a .docx (ZIP) file.");
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
    if (stat.size > 64 * 1024 * 1024) return unreadable("its text is larger than 64 MB.");
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen(archive.get(), "word/document.xml", 0),
                                                            &zip_fclose);
    if (!file) return unreadable("word/document.xml cannot be read.");
    std::string xml(stat.size, '\0');
    if (zip_fread(file.get(), xml.data(), stat.size) != static_cast<zip_int64_t>(stat.size))
        return unreadable("word/document.xml is truncated.");
    return xml;
}

Result<std::string> docx_text(std::string_view bytes)
{
    auto xml = TRY(docx_document_xml(bytes));
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata))
        return std::unexpected(Error::invalid(
            "The file is not a Word document Trellis can read: word/document.xml is not well-formed XML."));
    auto body = doc.child("w:document").child("w:body");
    if (!body)
        return std::unexpected(
            Error::invalid("The file is not a Word document Trellis can read: it has no document body."));
    std::string text;
    collect(body, text);
    return text;
}

}  // namespace trellis::formats
