#include "service/subject_requests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "domain/clock.hpp"
#include "domain/policy.hpp"
#include "domain/retention.hpp"
#include "domain/text.hpp"
#include "service/access.hpp"
#include "service/audit_trail.hpp"
#include "service/register.hpp"
#include "store/context_repo.hpp"
#include "store/evidence_repo.hpp"
#include "store/peer_repo.hpp"
#include "store/privacy_repo.hpp"
#include "store/retention_repo.hpp"
#include "store/subject_repo.hpp"

namespace trellis::service {

namespace {

constexpr const char* kHandling = "handling subject access requests";
constexpr const char* kAnother = "another young person";
constexpr const char* kProfessional = "a professional";
constexpr const char* kWithheld = "[withheld]";

Result<SubjectRequest> open_request(store::Connection& db, const User& by, SubjectRequestId id)
{
    TRY(need_permission(by, Permission::ReadAudit, kHandling));
    auto r = TRY(store::subject_requests::get(db, by.partnership, id));
    if (!is_open(r.status))
        return std::unexpected(Error::conflict(
            fmt::format("This request is {}; nothing more can be done on it.", kRequestStatuses.label(r.status))));
    return r;
}

}  // namespace

Result<SubjectRequestId> record_subject_request(store::Connection& db, const User& by, const Actor& actor,
                                                const SubjectRequestForm& form)
{
    TRY(need_permission(by, Permission::ReadAudit, kHandling));
    SubjectRequest r;
    auto kind = kRequestKinds.parse(form.kind);
    if (!kind) return std::unexpected(Error::invalid("Choose what the request asks for.", "kind"));
    r.kind = *kind;
    auto relationship = kRelationships.parse(form.relationship);
    if (!relationship)
        return std::unexpected(Error::invalid("Choose who the requester is to the young person.", "relationship"));
    r.relationship = *relationship;
    r.requester = text::collapse_space(form.requester);
    r.received_on = form.received_on;
    r.notes = text::normalise_paragraphs(form.notes);
    // The young person by the pseudonym typed: the register is never listed whole.
    if (!text::name_key(form.young_person).empty()) {
        auto person = TRY(on_register_called(db, by.partnership, form.young_person, "young_person"));
        r.young_person = person.id;
        r.subject = person.pseudonym;
    }
    auto today = today_utc();
    if (auto errors = validate(r, today); !errors.empty()) return std::unexpected(errors.front());
    r.status = form.identity_confirmed ? RequestStatus::Open : RequestStatus::AwaitingIdentity;
    if (!form.identity_confirmed) r.paused_on = r.received_on;
    return store::subject_requests::create(db, by.partnership, r, actor);
}

Result<std::vector<SubjectRequest>> subject_requests(store::Connection& db, const User& by)
{
    TRY(need_permission(by, Permission::ReadAudit, kHandling));
    return store::subject_requests::all(db, by.partnership);
}

Result<SubjectRequest> subject_request(store::Connection& db, const User& by, SubjectRequestId id)
{
    TRY(need_permission(by, Permission::ReadAudit, kHandling));
    return store::subject_requests::get(db, by.partnership, id);
}

Result<YoungPerson> request_subject(store::Connection& db, const User& by, YoungPersonId id)
{
    TRY(need_permission(by, Permission::ReadAudit, kHandling));
    return store::young_people::get(db, by.partnership, id);
}

Result<void> confirm_identity(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id,
                              const std::string& on)
{
    auto r = TRY(open_request(db, by, id));
    if (r.status != RequestStatus::AwaitingIdentity)
        return std::unexpected(Error::conflict("The requester's identity is already confirmed."));
    auto today = today_utc();
    if (!text::is_iso_date(on) || on > today || on < r.paused_on)
        return std::unexpected(Error::invalid(
            fmt::format("Enter the day identity was confirmed: a real date from {} to today.", uk_date(r.paused_on)),
            "confirmed_on"));
    int paused = std::max(0, days_between(r.paused_on, on));
    r.paused_days += paused;
    r.paused_on.clear();
    r.status = RequestStatus::Open;
    auto line = fmt::format("Identity confirmed on {}; the clock ran again after {} paused. Now due {}.", uk_date(on),
                            text::count(paused, "day"), uk_date(due_date(r, today)));
    return store::subject_requests::save(db, by.partnership, r, line, actor, "update", "identity=confirmed");
}

Result<void> extend_request(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id,
                            const std::string& reason)
{
    auto r = TRY(open_request(db, by, id));
    if (r.extended) return std::unexpected(Error::conflict("This request has already been extended once."));
    auto why = text::normalise_paragraphs(reason);
    if (auto e = text::check(why, "Why it needs longer", "reason", {.min = 1, .max = 1000, .multiline = true}))
        return std::unexpected(*e);
    r.extended = true;
    r.extension_reason = why;
    auto line = fmt::format("Extended by two months: {} Now due {}. Tell the requester within the first month.", why,
                            uk_date(due_date(r, today_utc())));
    return store::subject_requests::save(db, by.partnership, r, line, actor, "update", "extended");
}

Result<void> review_request(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id,
                            const ReviewForm& form)
{
    auto r = TRY(open_request(db, by, id));
    if (r.kind != RequestKind::Access)
        return std::unexpected(Error::conflict("Only a subject access request has a bundle to review."));
    auto redactions = text::normalise_paragraphs(form.redactions);
    if (auto e = text::check(redactions, "Words to withhold", "redactions", {.min = 0, .max = 4000, .multiline = true}))
        return std::unexpected(*e);
    auto note = text::normalise_paragraphs(form.note);
    if (auto e = text::check(note, "Review note", "note", {.min = 0, .max = 2000, .multiline = true}))
        return std::unexpected(*e);
    r.exemptions.clear();
    for (const auto& name : form.exemptions) {
        auto e = kExemptions.parse(name);
        if (!e) return std::unexpected(Error::invalid("Choose exemptions from the list.", "exemptions"));
        if (std::ranges::find(r.exemptions, *e) == r.exemptions.end()) r.exemptions.push_back(*e);
    }
    if (!r.exemptions.empty() && text::collapse_space(note).empty())
        return std::unexpected(Error::invalid("Say in the note what each exemption withholds and why.", "note"));
    r.redact_professionals = form.redact_professionals;
    r.redactions = redactions;
    r.review_note = note;
    r.reviewed_by = actor.label;
    r.reviewed_at = now_utc();
    auto withheld = static_cast<std::int64_t>(text::nonblank_lines(redactions).size());
    auto exemptions = static_cast<std::int64_t>(r.exemptions.size());
    auto line =
        fmt::format("Reviewed: professionals' names {}; {} withheld; {}.", r.redact_professionals ? "redacted" : "kept",
                    text::count(withheld, "word or phrase", "words or phrases"),
                    exemptions == 0 ? "no exemption used" : text::count(exemptions, "exemption") + " used");
    return store::subject_requests::save(db, by.partnership, r, line, actor, "update", "reviewed");
}

Result<void> release_bundle(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id)
{
    auto r = TRY(open_request(db, by, id));
    if (r.kind != RequestKind::Access)
        return std::unexpected(Error::conflict("Only a subject access request has a bundle to release."));
    if (r.status == RequestStatus::AwaitingIdentity)
        return std::unexpected(Error::conflict("Confirm the requester's identity before releasing anything."));
    if (r.reviewed_at.empty())
        return std::unexpected(Error::conflict("Review the bundle (redactions and exemptions) before releasing it."));
    if (!r.young_person)
        return std::unexpected(Error::conflict("The young person is no longer on the register: there is no bundle."));
    r.status = RequestStatus::Released;
    r.closed_on = today_utc();
    auto due = due_date(r, r.closed_on);
    auto line = fmt::format(
        "Bundle released to the requester{}.",
        r.closed_on > due ? fmt::format(", {} late", text::count(days_between(due, r.closed_on), "day")) : " in time");
    return store::subject_requests::save(db, by.partnership, r, line, actor, "release", "bundle released");
}

Result<void> note_on_request(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id,
                             const std::string& what)
{
    auto r = TRY(open_request(db, by, id));
    auto line = text::normalise_paragraphs(what);
    if (auto e = text::check(line, "What was done", "what", {.min = 1, .max = 2000, .multiline = true}))
        return std::unexpected(*e);
    return store::subject_requests::save(db, by.partnership, r, line, actor, "update", "note");
}

Result<void> erase_for_request(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id)
{
    auto r = TRY(open_request(db, by, id));
    if (r.kind != RequestKind::Erasure)
        return std::unexpected(Error::conflict("Only an erasure request erases the young person."));
    if (r.status == RequestStatus::AwaitingIdentity)
        return std::unexpected(Error::conflict("Confirm the requester's identity before erasing anything."));
    if (!r.young_person) return std::unexpected(Error::conflict("The young person is no longer on the register."));
    auto person = TRY(store::young_people::get(db, by.partnership, *r.young_person));
    auto tx = TRY(store::Transaction::begin(db));
    for (auto c : person.contexts) {
        auto unlinked = store::young_people::unlink(db, by.partnership, person.id, c, actor);
        if (!unlinked && unlinked.error().kind == Error::Kind::Conflict) {
            auto ctx = TRY(store::contexts::get(db, by.partnership, c));
            return std::unexpected(
                Error::conflict(fmt::format("Nothing was erased: on “{}”, {}", ctx.name, unlinked.error().message)));
        }
        TRY(std::move(unlinked));
    }
    r.young_person.reset();
    r.subject = "a young person since erased";
    r.status = RequestStatus::Completed;
    r.closed_on = today_utc();
    r.outcome = "Erased from the register";
    TRY(store::subject_requests::save(
        db, by.partnership, r,
        fmt::format("Erased from the register of {}; the audit trail keeps only that this happened.",
                    text::count(static_cast<std::int64_t>(person.contexts.size()), "context")),
        actor, "update", fmt::format("erased contexts={}", person.contexts.size())));
    return tx.commit();
}

Result<void> close_request(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id, bool refused,
                           const std::string& outcome)
{
    auto r = TRY(open_request(db, by, id));
    auto why = text::normalise_paragraphs(outcome);
    if (auto e = text::check(why, refused ? "Why it is refused" : "What was done", "outcome",
                             {.min = 1, .max = 2000, .multiline = true}))
        return std::unexpected(*e);
    r.status = refused ? RequestStatus::Refused : RequestStatus::Completed;
    r.closed_on = today_utc();
    r.outcome = why;
    return store::subject_requests::save(db, by.partnership, r,
                                         fmt::format("{}: {}", refused ? "Refused" : "Completed", why), actor, "update",
                                         refused ? "refused" : "completed");
}

// ---- The bundle ----------------------------------------------------------------

Result<SubjectBundle> subject_bundle(store::Connection& db, const User& by, SubjectRequestId id)
{
    TRY(need_permission(by, Permission::ReadAudit, kHandling));
    SubjectBundle b;
    b.request = TRY(store::subject_requests::get(db, by.partnership, id));
    if (b.request.kind != RequestKind::Access)
        return std::unexpected(Error::conflict("Only a subject access request has a bundle."));
    if (!b.request.young_person)
        return std::unexpected(Error::conflict("The young person is no longer on the register: there is no bundle."));
    auto p = by.partnership;
    auto person = TRY(store::young_people::get(db, p, *b.request.young_person));
    b.subject = person.pseudonym;
    b.aliases = alias_list(person.aliases);
    b.local_ref = person.local_ref;
    b.age_band = std::string(kAgeBands.label(person.age_band));
    b.registered_on = TRY(store::subject_data::registered_at(db, p, person.id)).substr(0, 10);
    b.produced_on = today_utc();
    for (auto c : person.contexts) b.contexts.push_back(TRY(store::contexts::get(db, p, c)).name);

    // Whom the bundle keeps, and what it redacts: everyone else on the
    // partnership's register, professionals when the reviewer chose, and the
    // reviewer's own words.
    std::vector<RedactionTerm> terms{{b.subject, ""}};
    for (const auto& a : b.aliases) terms.push_back({a, ""});
    for (const auto& other : TRY(store::young_people::all(db, p))) {
        if (other.id == person.id) continue;
        terms.push_back({other.pseudonym, kAnother});
        for (const auto& a : alias_list(other.aliases)) terms.push_back({a, kAnother});
    }
    if (b.request.redact_professionals)
        for (const auto& name : TRY(store::subject_data::professional_names(db, p)))
            terms.push_back({name, kProfessional});
    for (const auto& words : text::nonblank_lines(b.request.redactions)) terms.push_back({words, kWithheld});
    Redactor redactor(terms);
    for (auto& name : b.contexts) name = redactor.apply(name);
    auto clean = [&](HeldRecord& h) {
        h.text = redactor.apply(h.text);
        h.title = redactor.apply(h.title);
        h.context = redactor.apply(h.context);
        h.by = h.by.empty() ? "" : (b.request.redact_professionals ? kProfessional : redactor.apply(h.by));
    };

    auto linked = TRY(store::subject_data::linked(db, p, person.id));
    std::set<std::pair<std::string, std::int64_t>> seen;
    BundleSection records{"Records about them", "No record is linked to them.", {}};
    for (auto& h : linked) {
        seen.insert({h.source, h.id});
        clean(h);
        records.records.push_back(std::move(h));
    }
    b.sections.push_back(std::move(records));

    BundleSection map{"The peer map", "No peer map links them to anyone.", {}};
    for (const auto& l : TRY(store::peer_links::for_young_person(db, p, person.id))) {
        seen.insert({"peer_link", l.id.value});
        HeldRecord h;
        h.source = "peer_link";
        h.id = l.id.value;
        h.date = l.recorded_at;
        h.context = TRY(store::contexts::get(db, p, l.context)).name;
        h.title = fmt::format("Linked to {}", kAnother);
        h.text = fmt::format("How it is known: {}. How reliable: {}.{}{}", kLinkSources.label(l.source),
                             kLinkReliabilities.label(l.reliability), l.note.empty() ? "" : "\n", l.note);
        h.by = l.recorded_by;
        clean(h);
        map.records.push_back(std::move(h));
    }
    b.sections.push_back(std::move(map));

    std::vector<std::string> words{b.subject};
    words.insert(words.end(), b.aliases.begin(), b.aliases.end());
    BundleSection mentions{"Other records that mention them by name",
                           "No other record mentions their pseudonym or the other names they go by.",
                           {}};
    for (auto& h : TRY(store::subject_data::mentioning(db, p, words))) {
        if (seen.contains({h.source, h.id}) || !redactor.mentions_kept(h.text)) continue;
        clean(h);
        mentions.records.push_back(std::move(h));
    }
    b.sections.push_back(std::move(mentions));

    // Beside the data: purposes, recipients, retention and sources.
    if (auto notice = TRY(store::privacy::notice(db, p))) {
        b.purposes.push_back(fmt::format("Privacy notice, version {}: {}", notice->version, notice->notice));
        b.purposes.push_back("Lawful basis: " + notice->lawful_basis);
        b.purposes.push_back("Why recording about a context is necessary and proportionate: " + notice->article8);
    } else {
        b.purposes.push_back("The partnership has not yet published a privacy notice in Trellis.");
    }
    AuditFilter shared;
    shared.disclosures = true;
    shared.young_person = person.id.value;
    shared.limit = 500;
    for (const auto& d : TRY(disclosure_log(db, by, shared)).items)
        b.recipients.push_back(fmt::format(
            "{}: {} ({})", d.line.when, d.agency,
            d.covered ? "under the information sharing agreement " + d.agreement : "no agreement in force"));
    if (b.recipients.empty())
        b.recipients.push_back("Nothing about the contexts they are linked to has been shared with a partner agency.");
    auto schedule = TRY(store::retention::schedule(db, p));
    for (const auto& k : kRetentionKinds) {
        if (!k.held) continue;
        b.retention.push_back(fmt::format("{}: kept {} from {}.", k.label, describe_days(schedule.at(k.kind)), k.from));
    }
    std::set<std::string> sources;
    for (const auto& s : b.sections)
        for (const auto& h : s.records)
            if (h.source == "evidence" && !h.title.empty()) sources.insert("Evidence recorded by workers: " + h.title);
    sources.insert("Workers of the partnership and its partner agencies, from their own work with the context");
    sources.insert("Group activities and conversations with young people in the context");
    b.sources.assign(sources.begin(), sources.end());
    return b;
}

}  // namespace trellis::service
