// Subject access, rectification and erasure requests: the list with due dates,
// recording a request, one request's page (identity, extension, review,
// release, rectification and erasure, each logged against it) and the bundle
// as PDF and JSON.
#include <fmt/format.h>

#include <functional>

#include "domain/text.hpp"
#include "formats/simple_document.hpp"
#include "service/register.hpp"
#include "service/subject_requests.hpp"
#include "web/handlers.hpp"
#include "web/view_helpers.hpp"

namespace trellis::web::handlers {

namespace {

// "Due 4 April 2026 (in 12 days)", "Overdue by 3 days", or what became of it.
std::pair<std::string, std::string> due_text(const SubjectRequest& r, const std::string& today)
{
    if (!is_open(r.status))
        return {fmt::format("{} {}", kRequestStatuses.label(r.status), when(r.closed_on)), "govuk-tag--grey"};
    auto due = due_date(r, today);
    int left = days_between(today, due);
    if (left < 0)
        return {fmt::format("Overdue by {} (was due {})", text::count(-left, "day"), when(due)), "govuk-tag--red"};
    if (r.status == RequestStatus::AwaitingIdentity)
        return {fmt::format("Clock paused: due {} if identity were confirmed today", when(due)), "govuk-tag--yellow"};
    return {fmt::format("Due {} (in {})", when(due), text::count(left, "day")),
            left <= 7 ? "govuk-tag--orange" : "govuk-tag--blue"};
}

nlohmann::json request_model(const SubjectRequest& r, const std::string& today)
{
    auto [due, due_class] = due_text(r, today);
    nlohmann::json exemptions = nlohmann::json::array();
    for (auto e : r.exemptions) exemptions.push_back(std::string(kExemptions.label(e)));
    nlohmann::json log = nlohmann::json::array();
    for (const auto& l : r.log) log.push_back({{"when", when(l.at)}, {"by", l.by}, {"what", l.what}});
    return {{"id", std::to_string(r.id.value)},
            {"kind", std::string(kRequestKinds.label(r.kind))},
            {"requester", r.requester},
            {"relationship", std::string(kRelationships.label(r.relationship))},
            {"subject", r.subject},
            {"received", when(r.received_on)},
            {"notes", r.notes},
            {"status", std::string(kRequestStatuses.label(r.status))},
            {"due", due},
            {"due_class", due_class},
            {"extended", r.extended},
            {"extension_reason", r.extension_reason},
            {"reviewed", !r.reviewed_at.empty()},
            {"reviewed_by", r.reviewed_by},
            {"reviewed_at", when(r.reviewed_at)},
            {"redact_professionals", r.redact_professionals},
            {"redactions", r.redactions},
            {"exemptions", exemptions},
            {"has_exemptions", !exemptions.empty()},
            {"review_note", r.review_note},
            {"outcome", r.outcome},
            {"log", log},
            {"open", is_open(r.status)},
            {"awaiting_identity", r.status == RequestStatus::AwaitingIdentity},
            {"identity_confirmed", r.status != RequestStatus::AwaitingIdentity},
            {"access", r.kind == RequestKind::Access},
            {"rectification", r.kind == RequestKind::Rectification},
            {"erasure", r.kind == RequestKind::Erasure},
            {"on_register", r.young_person.has_value()}};
}

Result<Response> new_request_page(Ctx& c, nlohmann::json model, const std::vector<Error>& errors, int status)
{
    auto kind = model.value("kind", std::string("access"));
    model["kinds"] = choice_options(kRequestKinds, [&](RequestKind k) { return kRequestKinds.name(k) == kind; });
    auto relationship = model.value("relationship", std::string());
    model["relationships"] =
        choice_options(kRelationships, [&](Relationship r) { return kRelationships.name(r) == relationship; });
    auto parts = date_parts(model.value("received_on", today_utc()));
    model["received_on_day"] = parts.day;
    model["received_on_month"] = parts.month;
    model["received_on_year"] = parts.year;
    add_errors(model, errors);
    return c.page("subject_request_new", errors.empty() ? "Record a request" : "Error: Record a request",
                  std::move(model), status);
}

Result<Response> request_page(Ctx& c, SubjectRequestId id, nlohmann::json model, const std::vector<Error>& errors,
                              int status)
{
    auto r = TRY(service::subject_request(c.db, c.who->user, id));
    auto today = today_utc();
    model.update(request_model(r, today));
    model["exemption_options"] = choice_options(
        kExemptions, [&](Exemption e) { return std::ranges::find(r.exemptions, e) != r.exemptions.end(); });
    auto parts = date_parts(model.value("confirmed_on", today));
    model["confirmed_on_day"] = parts.day;
    model["confirmed_on_month"] = parts.month;
    model["confirmed_on_year"] = parts.year;
    if (r.young_person && r.kind == RequestKind::Rectification) {
        auto y = TRY(service::request_subject(c.db, c.who->user, *r.young_person));
        if (!y.contexts.empty())
            model["register_href"] =
                fmt::format("/contexts/{}/young-people/{}/edit", y.contexts.front().value, y.id.value);
    }
    add_errors(model, errors);
    TRY(c.audit_view("subject_request", id.value, std::nullopt));
    return c.page("subject_request", errors.empty() ? "Request" : "Error: Request", std::move(model), status);
}

// Runs one action on a request; its Invalid or Conflict shows on the request's page.
Result<Response> act(Ctx& c, const std::function<Result<void>(SubjectRequestId)>& action, const char* done,
                     nlohmann::json model = nlohmann::json::object())
{
    SubjectRequestId id{c.id(0)};
    auto result = action(id);
    if (!result && (result.error().kind == Error::Kind::Invalid || result.error().kind == Error::Kind::Conflict))
        return request_page(c, id, std::move(model), {result.error()},
                            result.error().kind == Error::Kind::Conflict ? 409 : 400);
    TRY(std::move(result));
    return c.redirect(fmt::format("/subject-requests/{}?done={}", id.value, done));
}

formats::SimpleDocument bundle_document(const service::SubjectBundle& b)
{
    formats::SimpleDocument doc;
    doc.title = fmt::format("What Trellis holds about {}", b.subject);
    doc.meta = {fmt::format("Subject access request received {} from {} ({})", when(b.request.received_on),
                            b.request.requester, kRelationships.label(b.request.relationship)),
                fmt::format("Produced {}", when(b.produced_on))};
    if (!b.request.reviewed_at.empty())
        doc.meta.push_back(fmt::format("Reviewed by {} on {}", b.request.reviewed_by, when(b.request.reviewed_at)));
    doc.footer = fmt::format("Subject access bundle for {} · Confidential", b.subject);
    formats::SimpleSection entry{"The register entry", {}, {}};
    entry.bullets.push_back("Pseudonym: " + b.subject);
    if (!b.aliases.empty()) {
        std::string joined;
        for (const auto& a : b.aliases) joined += (joined.empty() ? "" : ", ") + a;
        entry.bullets.push_back("Other names they go by: " + joined);
    }
    entry.bullets.push_back("Age band: " + b.age_band);
    if (!b.local_ref.empty()) entry.bullets.push_back("Local reference: " + b.local_ref);
    entry.bullets.push_back("On the register since " + when(b.registered_on));
    for (const auto& name : b.contexts) entry.bullets.push_back("Linked to the context “" + name + "”");
    entry.paragraphs.push_back(
        "Other young people's names are shown as “another young person”. Words shown as [withheld] were withheld "
        "by the reviewer.");
    doc.sections.push_back(std::move(entry));
    for (const auto& s : b.sections) {
        formats::SimpleSection out{s.heading, {}, {}};
        if (s.records.empty()) out.paragraphs.push_back(s.empty);
        for (const auto& h : s.records) {
            std::string head = when(h.date);
            if (!h.context.empty()) head += ", " + h.context;
            head += ". " + h.title;
            if (!h.by.empty()) head += " (recorded by " + h.by + ")";
            out.bullets.push_back(h.text.empty() ? head : head + ":\n" + h.text);
        }
        doc.sections.push_back(std::move(out));
    }
    doc.sections.push_back({"Why it is held", {}, b.purposes});
    doc.sections.push_back({"Who it was shared with", {}, b.recipients});
    doc.sections.push_back({"How long it is kept", {}, b.retention});
    doc.sections.push_back({"Where it came from", {}, b.sources});
    formats::SimpleSection review{"What was withheld", {}, {}};
    if (b.request.exemptions.empty()) review.paragraphs.push_back("No exemption was relied on.");
    for (auto e : b.request.exemptions) review.bullets.push_back(std::string(kExemptions.label(e)));
    if (!b.request.review_note.empty()) review.paragraphs.push_back(b.request.review_note);
    review.paragraphs.push_back(
        "You may complain to the Information Commissioner's Office (ico.org.uk) if you are unhappy with this answer.");
    doc.sections.push_back(std::move(review));
    return doc;
}

nlohmann::json bundle_json(const service::SubjectBundle& b)
{
    auto records = [](const std::vector<HeldRecord>& list) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& h : list)
            out.push_back({{"kind", h.source},
                           {"date", h.date},
                           {"context", h.context},
                           {"title", h.title},
                           {"text", h.text},
                           {"recorded_by", h.by}});
        return out;
    };
    nlohmann::json sections = nlohmann::json::array();
    for (const auto& s : b.sections) sections.push_back({{"heading", s.heading}, {"records", records(s.records)}});
    nlohmann::json exemptions = nlohmann::json::array();
    for (auto e : b.request.exemptions) exemptions.push_back(std::string(kExemptions.label(e)));
    return {{"subject", b.subject},
            {"aliases", b.aliases},
            {"age_band", b.age_band},
            {"local_reference", b.local_ref},
            {"registered_on", b.registered_on},
            {"contexts", b.contexts},
            {"request",
             {{"received_on", b.request.received_on},
              {"requester", b.request.requester},
              {"relationship", std::string(kRelationships.label(b.request.relationship))},
              {"reviewed_by", b.request.reviewed_by},
              {"exemptions", exemptions},
              {"review_note", b.request.review_note}}},
            {"sections", sections},
            {"purposes", b.purposes},
            {"recipients", b.recipients},
            {"retention", b.retention},
            {"sources", b.sources},
            {"produced_on", b.produced_on}};
}

}  // namespace

Result<Response> subject_requests(Ctx& c)
{
    auto today = today_utc();
    nlohmann::json rows = nlohmann::json::array();
    int overdue = 0, open = 0;
    for (const auto& r : TRY(service::subject_requests(c.db, c.who->user))) {
        auto m = request_model(r, today);
        if (is_open(r.status)) {
            ++open;
            if (days_between(today, due_date(r, today)) < 0) ++overdue;
        }
        rows.push_back(std::move(m));
    }
    TRY(c.audit_view("subject_request", 0, std::nullopt, "list"));
    nlohmann::json model{{"requests", rows},
                         {"has_requests", !rows.empty()},
                         {"open_count", text::count(open, "open request")},
                         {"overdue", overdue > 0},
                         {"overdue_count", text::count(overdue, "request")}};
    return c.page("subject_requests", "Subject access, rectification and erasure requests", model);
}

Result<Response> subject_request_new(Ctx& c)
{
    return new_request_page(c, nlohmann::json::object(), {}, 200);
}

Result<Response> subject_request_create(Ctx& c)
{
    service::SubjectRequestForm form;
    form.kind = c.form.get("kind");
    form.requester = c.form.get("requester");
    form.relationship = c.form.get("relationship");
    form.young_person = c.form.get("young_person");
    form.received_on = c.form.get("received_on");
    form.notes = c.form.get("notes");
    form.identity_confirmed = c.form.get("identity") == "confirmed";
    auto id = service::record_subject_request(c.db, c.who->user, c.actor(), form);
    if (!id && id.error().kind == Error::Kind::Invalid)
        return new_request_page(c,
                                {{"kind", form.kind},
                                 {"requester", form.requester},
                                 {"relationship", form.relationship},
                                 {"young_person", form.young_person},
                                 {"received_on", form.received_on},
                                 {"notes", form.notes},
                                 {"identity_confirmed", form.identity_confirmed},
                                 {"identity_awaited", c.form.get("identity") == "awaited"}},
                                {id.error()}, 400);
    auto made = TRY(std::move(id));
    return c.redirect(fmt::format("/subject-requests/{}?done=recorded", made.value));
}

Result<Response> subject_request_show(Ctx& c)
{
    nlohmann::json model = nlohmann::json::object();
    static const std::pair<const char*, const char*> kDone[] = {
        {"recorded", "The request was recorded."},
        {"identity", "The requester's identity was confirmed: the clock runs again."},
        {"extended", "The request was extended by two months. Tell the requester, with the reason."},
        {"reviewed", "The review was saved. Download the bundle to check it before release."},
        {"released", "The bundle was recorded as released."},
        {"noted", "The note was added to the request's log."},
        {"erased", "The young person was erased from the register."},
        {"closed", "The request was closed."},
    };
    for (const auto& [key, text] : kDone)
        if (c.query.get("done") == key) model["banner"] = text;
    return request_page(c, SubjectRequestId{c.id(0)}, std::move(model), {}, 200);
}

Result<Response> subject_request_identity(Ctx& c)
{
    auto on = c.form.get("confirmed_on");
    return act(c, [&](SubjectRequestId id) { return service::confirm_identity(c.db, c.who->user, c.actor(), id, on); },
               "identity", {{"confirmed_on", on}});
}

Result<Response> subject_request_extend(Ctx& c)
{
    auto reason = c.form.get("reason");
    return act(c,
               [&](SubjectRequestId id) { return service::extend_request(c.db, c.who->user, c.actor(), id, reason); },
               "extended", {{"reason", reason}});
}

Result<Response> subject_request_review(Ctx& c)
{
    service::ReviewForm form;
    form.redact_professionals = c.form.get("redact_professionals") == "yes";
    form.redactions = c.form.get("redactions");
    form.exemptions = c.form.all("exemptions");
    form.note = c.form.get("note");
    return act(
        c, [&](SubjectRequestId id) { return service::review_request(c.db, c.who->user, c.actor(), id, form); },
        "reviewed");
}

Result<Response> subject_request_release(Ctx& c)
{
    return act(
        c, [&](SubjectRequestId id) { return service::release_bundle(c.db, c.who->user, c.actor(), id); }, "released");
}

Result<Response> subject_request_note(Ctx& c)
{
    auto what = c.form.get("what");
    return act(c, [&](SubjectRequestId id) { return service::note_on_request(c.db, c.who->user, c.actor(), id, what); },
               "noted", {{"what", what}});
}

Result<Response> subject_request_erase(Ctx& c)
{
    return act(
        c, [&](SubjectRequestId id) { return service::erase_for_request(c.db, c.who->user, c.actor(), id); }, "erased");
}

Result<Response> subject_request_close(Ctx& c)
{
    bool refused = c.form.get("refused") == "yes";
    auto outcome = c.form.get("outcome");
    return act(
        c,
        [&](SubjectRequestId id) { return service::close_request(c.db, c.who->user, c.actor(), id, refused, outcome); },
        "closed", {{"outcome", outcome}});
}

Result<Response> subject_bundle(Ctx& c)
{
    const std::string& format = c.params.at(1);
    if (format != "pdf" && format != "json") return c.not_found();
    SubjectRequestId id{c.id(0)};
    auto bundle = service::subject_bundle(c.db, c.who->user, id);
    if (!bundle && bundle.error().kind == Error::Kind::Conflict)
        return request_page(c, id, nlohmann::json::object(), {bundle.error()}, 409);
    auto b = TRY(std::move(bundle));
    TRY(c.audit_view("subject_request", id.value, std::nullopt, "format=" + format + " bundle"));
    Response r;
    if (format == "pdf") {
        r.body = TRY(formats::simple_pdf(bundle_document(b)));
        r.content_type = "application/pdf";
    } else {
        r.body = bundle_json(b).dump(2);
        r.content_type = "application/json; charset=utf-8";
    }
    r.header("Content-Disposition", fmt::format("attachment; filename=\"subject-access-{}.{}\"", id.value, format));
    return r;
}

}  // namespace trellis::web::handlers
