#include "formats/docx_kit.hpp"

#include <zip.h>

namespace trellis::formats {
namespace {

constexpr const char* kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)"
    R"(<Override PartName="/word/document.xml" )"
    R"(ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>)"
    R"(<Override PartName="/word/styles.xml" )"
    R"(ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>)"
    R"(</Types>)";

constexpr const char* kDocumentRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" )"
    R"(Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" )"
    R"(Target="styles.xml"/></Relationships>)";

constexpr const char* kRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" )"
    R"(Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" )"
    R"(Target="word/document.xml"/></Relationships>)";

}  // namespace

Result<std::string> package_docx(const std::string& document_xml, std::string_view styles)
{
    const std::string parts[][2] = {{"[Content_Types].xml", kContentTypes},
                                    {"_rels/.rels", kRels},
                                    {"word/_rels/document.xml.rels", kDocumentRels},
                                    {"word/styles.xml", std::string(styles)},
                                    {"word/document.xml", document_xml}};
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer) return std::unexpected(Error::unavailable("Cannot build the Word document."));
    zip_source_keep(buffer);
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (!archive) {
        zip_source_free(buffer);
        return std::unexpected(Error::unavailable("Cannot build the Word document."));
    }
    for (const auto& [name, content] : parts) {
        // libzip reads the buffers when the archive is closed; `parts` outlives that.
        auto* src = zip_source_buffer(archive, content.data(), content.size(), 0);
        if (!src || zip_file_add(archive, name.c_str(), src, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(src);
            zip_discard(archive);
            zip_source_free(buffer);
            return std::unexpected(Error::unavailable("Cannot build the Word document."));
        }
    }
    if (zip_close(archive) != 0) {
        zip_discard(archive);
        zip_source_free(buffer);
        return std::unexpected(Error::unavailable("Cannot build the Word document."));
    }
    std::string bytes;
    if (zip_source_open(buffer) == 0) {
        zip_source_seek(buffer, 0, SEEK_END);
        auto size = zip_source_tell(buffer);
        zip_source_seek(buffer, 0, SEEK_SET);
        bytes.resize(static_cast<std::size_t>(size));
        zip_source_read(buffer, bytes.data(), static_cast<zip_uint64_t>(size));
        zip_source_close(buffer);
    }
    zip_source_free(buffer);
    if (bytes.empty()) return std::unexpected(Error::unavailable("Cannot build the Word document."));
    return bytes;
}

}  // namespace trellis::formats
