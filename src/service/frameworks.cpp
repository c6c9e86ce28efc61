#include "service/frameworks.hpp"

#include "formats/framework_text.hpp"

#include "formats/framework_docx_import.hpp"

#include "formats/docx_text.hpp"

#include <fmt/format.h>

#include "domain/policy.hpp"
#include "domain/text.hpp"
#include "service/access.hpp"
#include "store/action_repo.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/evidence_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/indicator_repo.hpp"
#include "store/lifecycle_repo.hpp"
#include "store/partnership_repo.hpp"
#include "store/privacy_repo.hpp"
#include "store/response_repo.hpp"
#include "store/user_repo.hpp"

namespace trellis::service {

namespace {

constexpr const char* kUploadKind = "framework";

Result<void> may_create_frameworks(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_permission(by, Permission::CreateFrameworks, "creating frameworks"));
    return need_context(db, by, context);
}

}  // namespace

Result<std::int64_t> upload_framework(store::Connection& db, const User& by, ContextId context,
                                      const std::string& file_name, Framework parsed)
{
    TRY(may_create_frameworks(db, by, context));
    TRY(store::contexts::get(db, by.partnership, context));
    parsed.context = context;
    formats::FrameworkDocument doc{std::move(parsed), std::nullopt, ""};
    auto json = formats::to_json(doc, [](UserId) { return std::string(); }).dump();
    return store::responses::save_draft(db, by.partnership, by.id, context, file_name, json, kUploadKind);
}

Result<std::int64_t> upload_framework_document(store::Connection& db, const User& by, ContextId context,
                                               const std::string& file_name, const std::string& bytes,
                                               const char* field)
{
    TRY(may_create_frameworks(db, by, context));
    // Anything but a Word document or plain text (a PDF, a spreadsheet, an
    // old .doc) is named for what it is not, not parsed as text.
    bool binary = !text::is_valid_utf8(bytes) || bytes.find('\0') != std::string::npos;
    if (!formats::looks_like_docx(bytes) && binary)
        return std::unexpected(Error::invalid(std::string(formats::kNotWord), field));
    auto parsed =
        formats::looks_like_docx(bytes) ? formats::parse_framework_docx(bytes) : formats::parse_framework_text(bytes);
    if (!parsed) return std::unexpected(Error::invalid(parsed.error().message, field));
    auto name = text::collapse_space(file_name.empty() ? "framework.docx" : file_name).substr(0, 200);
    return upload_framework(db, by, context, name, std::move(*parsed));
}

Result<FrameworkUpload> uploaded_framework(store::Connection& db, const User& by, ContextId context,
                                           std::int64_t upload)
{
    TRY(may_create_frameworks(db, by, context));
    auto kept = TRY(store::responses::draft(db, by.partnership, by.id, upload, kUploadKind));
    if (kept.context != context) return std::unexpected(Error::not_found("There is no such upload."));
    auto doc = TRY(formats::from_json(kept.content, [](std::string_view) { return std::optional<UserId>{}; }));
    return FrameworkUpload{kept.id, kept.file_name, std::move(doc.framework)};
}

Result<FrameworkId> confirm_framework_import(store::Connection& db, const User& by, const Actor& actor,
                                             ContextId context, const FrameworkUpload& upload)
{
    TRY(may_create_frameworks(db, by, context));
    Framework f = upload.framework;
    f.context = context;
    f.owner = by.id;
    f.status = FrameworkStatus::Draft;
    if (auto errors = validate(f); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(store::Transaction::begin(db));
    auto id = TRY(store::frameworks::create(db, by.partnership, f));
    TRY(store::audit::record(db, actor,
                             {by.partnership, "import", "framework", id.value, context,
                              fmt::format("source=document areas={} goals={}", f.areas.size(), f.goal_count())}));
    TRY(store::lifecycle::advance(db, by.partnership, context, ContextStage::Planning, "A framework was created",
                                  actor));
    TRY(store::responses::delete_draft(db, upload.id));
    TRY(tx.commit());
    return id;
}

Result<ImportResult> import_framework(store::Connection& db, PartnershipId p, const Framework& parsed,
                                      const std::string& context_name, ContextKind kind, const std::string& description,
                                      const Actor& actor)
{
    auto tx = TRY(store::Transaction::begin(db));
    ImportResult result;
    auto existing = TRY(store::contexts::find_by_name(db, p, context_name));
    if (existing) {
        result.context = existing->id;
    } else {
        Context c;
        c.partnership = p;
        c.kind = kind;
        c.name = context_name;
        c.description = description;
        result.context = TRY(store::contexts::create(db, c));
        result.context_created = true;
        TRY(store::audit::record(db, actor,
                                 {p, "create", "context", result.context.value, result.context, "via import"}));
    }
    Framework f = parsed;
    f.context = result.context;
    result.framework = TRY(store::frameworks::create(db, p, f));
    TRY(store::audit::record(db, actor,
                             {p, "import", "framework", result.framework.value, result.context,
                              fmt::format("areas={} goals={}", f.areas.size(), f.goal_count())}));
    TRY(store::lifecycle::advance(db, p, result.context, ContextStage::Planning, "A framework was imported", actor));
    TRY(tx.commit());
    return result;
}

Result<formats::FrameworkDocument> export_framework(store::Connection& db, PartnershipId p, FrameworkId id,
                                                    const Actor& actor)
{
    auto tx = TRY(store::Transaction::begin(db));
    formats::FrameworkDocument doc;
    doc.framework = TRY(store::frameworks::load(db, p, id, store::frameworks::History::Include));
    doc.context = TRY(store::contexts::get(db, p, doc.framework.context));
    if (doc.framework.owner) {
        auto owner = store::users::get(db, p, *doc.framework.owner);
        if (owner) doc.owner_email = owner->email;
    }
    TRY(store::audit::record(db, actor, {p, "export", "framework", id.value, doc.framework.context, "format=json"}));
    TRY(tx.commit());
    return doc;
}

Result<DocumentData> document_export(store::Connection& db, PartnershipId p, FrameworkId id, std::string_view format,
                                     Audience audience, const Actor& actor, std::optional<AgencyId> recipient)
{
    std::string shared_with;
    if (audience == Audience::Partner) {
        if (!recipient) return std::unexpected(Error::invalid("Choose the partner agency the copy is for.", "agency"));
        std::optional<Agency> agency;
        for (auto& a : TRY(store::partnerships::agencies(db, p)))
            if (a.id == *recipient) agency = std::move(a);
        if (!agency) return std::unexpected(Error::invalid("Choose a partner agency from the list.", "agency"));
        if (!TRY(store::privacy::has_current_agreement(db, p, agency->id, today_utc())))
            return std::unexpected(Error::forbidden(
                fmt::format("{} has no current information sharing agreement, so nothing may be shared with it. An "
                            "admin records agreements under Agencies.",
                            agency->name)));
        shared_with = fmt::format(" agency={}", agency->id.value);
    }
    auto tx = TRY(store::Transaction::begin(db));
    DocumentData d;
    d.audience = audience;
    d.framework = TRY(store::frameworks::load(db, p, id));
    d.context_name = TRY(store::contexts::get(db, p, d.framework.context)).name;
    d.actions = TRY(store::actions::for_framework(db, p, id));
    d.indicators = TRY(store::indicators::for_framework(db, p, id));
    for (const auto& r : TRY(store::outcomes::for_framework(db, p, id)))
        d.ratings.push_back({r.goal, r.rating, r.rationale});
    bool pseudonyms = false;
    if (audience == Audience::Team) {
        for (const auto& e : TRY(store::evidence::for_framework(db, p, id))) {
            auto first = e.narrative.substr(0, e.narrative.find("\n\n"));
            std::string who;
            for (const auto& name : e.young_people_names) who += (who.empty() ? "" : ", ") + name;
            if (!who.empty()) pseudonyms = true;
            auto line = fmt::format("{}, {} ({}): {}{}", e.date, kEvidenceMethods.label(e.method),
                                    text::name_key(kProvenances.label(e.provenance)), first,
                                    who.empty() ? "" : fmt::format(" Young people: {}.", who));
            for (const auto& s : e.supports) d.evidence.push_back({s.goal, s.stage, line});
        }
    }
    TRY(store::audit::record(
        db, actor,
        {p, "export", "framework", id.value, d.framework.context,
         fmt::format("format={} audience={} pseudonyms={}{}", format, audience == Audience::Team ? "team" : "partner",
                     pseudonyms ? "yes" : "no", shared_with)}));
    TRY(tx.commit());
    return d;
}

formats::EmailOf email_lookup(store::Connection& db, PartnershipId p)
{
    return [&db, p](UserId id) -> std::string {
        auto u = store::users::get(db, p, id);
        return u ? u->email : std::string{};
    };
}

formats::UserByEmail user_lookup(store::Connection& db, PartnershipId p)
{
    return [&db, p](std::string_view email) -> std::optional<UserId> {
        auto found = store::users::find_with_hash(db, email);
        if (!found || found->first.partnership != p) return std::nullopt;
        return found->first.id;
    };
}

}  // namespace trellis::service
