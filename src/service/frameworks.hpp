// Use cases on frameworks that span several repositories: each runs in one
// transaction with its audit rows, so it happens entirely or not at all.
#pragma once

#include <optional>
#include <string>

#include "domain/audit.hpp"
#include "domain/context.hpp"
#include "domain/framework.hpp"
#include "domain/template.hpp"
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
Result<DocumentData> document_export(store::Connection& db, PartnershipId p, FrameworkId id, std::string_view format,
                                     Audience audience, const Actor& actor);

formats::EmailOf email_lookup(store::Connection& db, PartnershipId p);
formats::UserByEmail user_lookup(store::Connection& db, PartnershipId p);

}  // namespace trellis::service
