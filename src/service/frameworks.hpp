// Use cases on frameworks that span several repositories: each runs in one
// transaction with its audit rows, so it happens entirely or not at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/audit.hpp"
#include "domain/context.hpp"
#include "domain/framework.hpp"
#include "domain/template.hpp"
#include "domain/user.hpp"
#include "formats/framework_export.hpp"
#include "formats/framework_json.hpp"
#include "store/connection.hpp"

namespace trellis::service {

struct ImportResult {
    FrameworkId framework;
    ContextId context;
    bool context_created = false;
};

// Saves a parsed framework under the context called `context_name`, creating
// that context (of `kind`, with `description`) when the partnership has none.
Result<ImportResult> import_framework(store::Connection& db, PartnershipId p, const Framework& parsed,
                                      const std::string& context_name, ContextKind kind, const std::string& description,
                                      const Actor& actor);

// A framework read from a document (Word or the exemplar's text layout) is
// kept as the caller's upload, for a preview, until confirmed; an upload left
// a day is deleted. Need-to-know is the context's.
struct FrameworkUpload {
    std::int64_t id = 0;
    std::string file_name;
    Framework framework;
};
Result<std::int64_t> upload_framework(store::Connection& db, const User& by, ContextId context,
                                      const std::string& file_name, Framework parsed);
// Reads a Word document (.docx) or the exemplar's text layout and keeps the
// framework it holds as an upload. Invalid, naming `field`, when the file
// holds no framework Trellis can read.
Result<std::int64_t> upload_framework_document(store::Connection& db, const User& by, ContextId context,
                                               const std::string& file_name, const std::string& bytes,
                                               const char* field = "file");
Result<FrameworkUpload> uploaded_framework(store::Connection& db, const User& by, ContextId context,
                                           std::int64_t upload);
// Creates the framework (a draft owned by the caller) from the upload as
// checked, audited, and deletes the upload, in one transaction. Invalid with
// the first problem when the framework does not validate.
Result<FrameworkId> confirm_framework_import(store::Connection& db, const User& by, const Actor& actor,
                                             ContextId context, const FrameworkUpload& upload);

// The framework with its full stage history, context and people, ready to
// write as JSON; the export itself is audited.
Result<formats::FrameworkDocument> export_framework(store::Connection& db, PartnershipId p, FrameworkId id,
                                                    const Actor& actor);

// Who a document is for: the team sees everything; a partner-safe copy leaves
// out the evidence records, which name young people and describe individuals.
enum class Audience { Team, Partner };

// Everything a document export (Word, PDF, Markdown, CSV) shows.
struct DocumentData {
    Framework framework;
    std::string context_name;
    std::vector<Action> actions;
    std::vector<Indicator> indicators;
    std::vector<formats::GoalRating> ratings;
    std::vector<formats::EvidenceNote> evidence;
    Audience audience = Audience::Team;

    formats::ExportInput input() const
    {
        return {framework, context_name, actions, indicators, ratings, evidence, audience == Audience::Partner};
    }
};

// Loads a framework for a document in `format` and audits the export, naming
// the format, the audience and whether young people's pseudonyms are in it.
// A partner copy is made for one agency (`recipient`), which must have an
// information sharing agreement in force today: Invalid without a recipient,
// Forbidden while it has none. Its audit row ends "agency=N", which the
// disclosure log reads.
Result<DocumentData> document_export(store::Connection& db, PartnershipId p, FrameworkId id, std::string_view format,
                                     Audience audience, const Actor& actor,
                                     std::optional<AgencyId> recipient = std::nullopt);

formats::EmailOf email_lookup(store::Connection& db, PartnershipId p);
formats::UserByEmail user_lookup(store::Connection& db, PartnershipId p);

}  // namespace trellis::service
