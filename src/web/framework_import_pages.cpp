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
#include "web/evidence_pages.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {
namespace {

Response upload_page(Ctx& c, const Context& ctx, const std::vector<Error>& errors, int status)
{
    nlohmann::json model = context_model(ctx);
    add_errors(model, errors);
    return c.page("framework_import", errors.empty() ? "Import a framework" : "Error: Import a framework", model,
                  status);
}

Response preview_page(Ctx& c, const Context& ctx, const service::FrameworkUpload& draft, const Framework& f,
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
        areas.push_back({{"name", a.name},
                         {"goals", goals},
                         {"goal_count", text::count(static_cast<std::int64_t>(a.goals.size()), "goal")}});
    }
    nlohmann::json questions = nlohmann::json::array();
    for (auto s : kStages) questions.push_back({{"label", label(s)}, {"question", f.questions[index(s)]}});
    nlohmann::json model = context_model(ctx);
    model.update({{"draft_id", std::to_string(draft.id)},
                  {"file_name", draft.file_name},
                  {"title", title},
                  {"areas", areas},
                  {"questions", questions},
                  {"area_count", text::count(static_cast<std::int64_t>(f.areas.size()), "area")},
                  {"goal_count", text::count(static_cast<std::int64_t>(f.goal_count()), "goal")}});
    add_errors(model, errors);
    return c.page("framework_import_preview", errors.empty() ? "Check the import" : "Error: Check the import", model,
                  status);
}

}  // namespace

Result<Response> framework_import_form(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    return upload_page(c, ctx, {}, 200);
}

Result<Response> framework_import_upload(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    const Part* file = nullptr;
    for (const auto& f : c.files)
        if (f.name == "file" && !f.body.empty()) file = &f;
    if (!file) return upload_page(c, ctx, {Error::invalid("Choose a Word document (.docx) to upload.", "file")}, 400);
    auto upload =
        service::upload_framework_document(c.db, c.who->user, ctx.id, file->filename.value_or(""), file->body);
    if (!upload && upload.error().kind == Error::Kind::Invalid) return upload_page(c, ctx, {upload.error()}, 400);
    if (!upload) return std::unexpected(upload.error());
    return c.redirect(fmt::format("/contexts/{}/frameworks/import/{}", ctx.id.value, *upload));
}

Result<Response> framework_import_preview(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    auto upload = TRY(service::uploaded_framework(c.db, c.who->user, ctx.id, c.id(1)));
    return preview_page(c, ctx, upload, upload.framework, upload.framework.title, {}, 200);
}

Result<Response> framework_import_confirm(Ctx& c)
{
    auto ctx = TRY(context_for(c, ContextId{c.id(0)}));
    auto upload = TRY(service::uploaded_framework(c.db, c.who->user, ctx.id, c.id(1)));
    auto& f = upload.framework;
    f.title = text::collapse_space(c.form.get("title"));
    if (auto errors = validate(f); !errors.empty())
        return preview_page(c, ctx, upload, f, c.form.get("title"), errors, 400);
    auto id = TRY(service::confirm_framework_import(c.db, c.who->user, c.actor(), ctx.id, upload));
    return c.redirect(fmt::format("/frameworks/{}?done=imported", id.value));
}

}  // namespace trellis::web::handlers
