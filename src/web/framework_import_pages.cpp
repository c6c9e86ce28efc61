// Importing a framework from a Word document (or the exemplar's plain-text
// table): upload, a preview of every area, goal and stage, then create.
// Nothing is saved as a framework until the lead confirms the preview.
#include <fmt/format.h>

#include "domain/text.hpp"
#include "formats/docx_text.hpp"
#include "formats/framework_docx_import.hpp"
#include "formats/framework_json.hpp"
#include "formats/framework_text.hpp"
#include "service/frameworks.hpp"
#include "store/repos.hpp"
#include "web/evidence_pages.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

constexpr const char* kDraftKind = "framework";

Response upload_page(Ctx& c, const Context& ctx, const std::vector<Error>& errors, int status)
{
    nlohmann::json model = context_model(ctx);
    add_errors(model, errors);
    return c.page("framework_import", errors.empty() ? "Import a framework" : "Error: Import a framework", model,
                  status);
}

Result<std::pair<store::responses::Draft, Framework>> parsed_draft(Ctx& c, ContextId context)
{
    auto draft = TRY(store::responses::draft(c.db, c.partnership(), c.who->user.id, c.id(1), kDraftKind));
    if (draft.context != context) return std::unexpected(Error::not_found("There is no such upload."));
    auto doc = TRY(formats::from_json(draft.content, [](std::string_view) { return std::optional<UserId>{}; }));
    return std::pair{std::move(draft), std::move(doc.framework)};
}

Response preview_page(Ctx& c, const Context& ctx, const store::responses::Draft& draft, const Framework& f,
                      const std::string& title, const std::vector<Error>& errors, int status)
{
    nlohmann::json areas = nlohmann::json::array();
    for (const auto& a : f.areas) {
        nlohmann::json goals = nlohmann::json::array();
        for (const auto& g : a.goals) {
            nlohmann::json stages = nlohmann::json::array();
            for (auto s : kStages)
                stages.push_back({{"label", label(s)},
                                  {"written", g.stage(s).written()},
                                  {"paragraphs", paragraphs(g.stage(s).text)}});
            goals.push_back({{"statement", g.statement}, {"stages", stages}});
        }
        areas.push_back({{"name", a.name}, {"goals", goals}, {"goal_count", std::to_string(a.goals.size())}});
    }
    nlohmann::json questions = nlohmann::json::array();
    for (auto s : kStages) questions.push_back({{"label", label(s)}, {"question", f.questions[index(s)]}});
    nlohmann::json model = context_model(ctx);
    model.update({{"draft_id", std::to_string(draft.id)},
                  {"file_name", draft.file_name},
                  {"title", title},
                  {"areas", areas},
                  {"questions", questions},
                  {"area_count", std::to_string(f.areas.size())},
                  {"goal_count", std::to_string(f.goal_count())}});
    add_errors(model, errors);
    return c.page("framework_import_preview", errors.empty() ? "Check the import" : "Error: Check the import", model,
                  status);
}

}  // namespace

Response framework_import_form(Ctx& c)
{
    auto ctx = context_for(c, ContextId{c.id(0)});
    if (!ctx) return c.fail(ctx.error());
    return upload_page(c, *ctx, {}, 200);
}

Response framework_import_upload(Ctx& c)
{
    auto ctx = context_for(c, ContextId{c.id(0)});
    if (!ctx) return c.fail(ctx.error());
    const Part* file = nullptr;
    for (const auto& f : c.files)
        if (f.name == "file" && !f.body.empty()) file = &f;
    if (!file) return upload_page(c, *ctx, {Error::invalid("Choose a Word document (.docx) to upload.", "file")}, 400);
    auto parsed = formats::looks_like_docx(file->body) ? formats::parse_framework_docx(file->body)
                                                       : formats::parse_framework_text(file->body);
    if (!parsed) return upload_page(c, *ctx, {Error::invalid(parsed.error().message, "file")}, 400);
    parsed->context = ctx->id;
    formats::FrameworkDocument doc{*parsed, std::nullopt, ""};
    auto json = formats::to_json(doc, [](UserId) { return std::string(); }).dump();
    auto name = text::collapse_space(file->filename.value_or("framework.docx")).substr(0, 200);
    auto draft = store::responses::save_draft(c.db, c.partnership(), c.who->user.id, ctx->id, name, json, kDraftKind);
    if (!draft) return c.fail(draft.error());
    return c.redirect(fmt::format("/contexts/{}/frameworks/import/{}", ctx->id.value, *draft));
}

Response framework_import_preview(Ctx& c)
{
    auto ctx = context_for(c, ContextId{c.id(0)});
    if (!ctx) return c.fail(ctx.error());
    auto draft = parsed_draft(c, ctx->id);
    if (!draft) return c.fail(draft.error());
    return preview_page(c, *ctx, draft->first, draft->second, draft->second.title, {}, 200);
}

Response framework_import_confirm(Ctx& c)
{
    auto ctx = context_for(c, ContextId{c.id(0)});
    if (!ctx) return c.fail(ctx.error());
    auto draft = parsed_draft(c, ctx->id);
    if (!draft) return c.fail(draft.error());
    auto& [saved, f] = *draft;
    f.title = text::collapse_space(c.form.get("title"));
    f.context = ctx->id;
    f.owner = c.who->user.id;
    f.status = FrameworkStatus::Draft;
    if (auto errors = validate(f); !errors.empty())
        return preview_page(c, *ctx, saved, f, c.form.get("title"), errors, 400);
    auto tx = store::Transaction::begin(c.db);
    if (!tx) return c.fail(tx.error());
    auto id = store::frameworks::create(c.db, c.partnership(), f);
    if (!id) return c.fail(id.error());
    auto audited =
        store::audit::record(c.db, c.actor(),
                             {c.partnership(), "import", "framework", id->value, ctx->id,
                              fmt::format("source=document areas={} goals={}", f.areas.size(), f.goal_count())});
    if (!audited) return c.fail(audited.error());
    if (auto done = store::responses::delete_draft(c.db, saved.id); !done) return c.fail(done.error());
    if (auto committed = tx->commit(); !committed) return c.fail(committed.error());
    return c.redirect(fmt::format("/frameworks/{}?done=imported", id->value));
}

}  // namespace trellis::web::handlers
