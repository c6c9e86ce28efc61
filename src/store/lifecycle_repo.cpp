#include "store/lifecycle_repo.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "domain/evidence.hpp"
#include "domain/indicator.hpp"
#include "domain/meeting.hpp"
#include "domain/text.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/paging.hpp"

namespace trellis::store::lifecycle {
namespace {

std::string name(ContextStage s)
{
    return std::string(kContextStages.name(s));
}

// The first words of a text, for a label.
std::string excerpt(std::string_view text, std::size_t words = 12)
{
    std::string out;
    std::size_t n = 0;
    for (auto& w : text::nonblank_lines(text::collapse_space(text))) {
        std::size_t start = 0;
        while (start < w.size() && n < words) {
            auto end = w.find(' ', start);
            if (end == std::string::npos) end = w.size();
            out += (out.empty() ? "" : " ") + w.substr(start, end - start);
            ++n;
            start = end + 1;
        }
        if (n >= words && start < w.size()) out += "…";
    }
    return out;
}

// The records of a context a finding may cite, with a label for each: the
// newest 40 of every kind, or (`only`) that one record when it is the context's.
struct SourceTable {
    SourceKind kind;
    const char* table;
    const char* columns;  // id, the date, what the label needs
    std::string (*label)(const Row&);
};
const SourceTable kSourceTables[] = {
    {SourceKind::Evidence, "evidence", "id, recorded_on, narrative",
     [](const Row& r) { return fmt::format("Evidence record, {}: {}", uk_date(r.text(1)), excerpt(r.text(2))); }},
    {SourceKind::Activity, "activity_runs", "id, run_on, kind",
     [](const Row& r) {
         return fmt::format("{}, {}",
                            kActivityKinds.label(kActivityKinds.parse(r.text(2)).value_or(ActivityKind::Trust)),
                            uk_date(r.text(1)));
     }},
    {SourceKind::Voice, "voices", "id, spoken_on, speaker, quote",
     [](const Row& r) {
         return fmt::format("Voice, {} ({}): \"{}\"", uk_date(r.text(1)), r.text(2), excerpt(r.text(3)));
     }},
    {SourceKind::Meeting, "meetings", "id, held_on, meeting_type",
     [](const Row& r) {
         return fmt::format("{}, {}", label(parse_meeting_type(r.text(2)).value_or(MeetingType::MultiAgency)),
                            uk_date(r.text(1)));
     }},
};

Result<std::vector<SourceRef>> read_sources(Connection& db, PartnershipId p, ContextId c, const SourceRef* only)
{
    std::vector<SourceRef> out;
    for (const auto& t : kSourceTables) {
        if (only && only->kind != t.kind) continue;
        Params params{c.value, p.value};
        if (only) params.emplace_back(std::in_place_type<std::int64_t>, only->id);
        auto columns = std::string_view(t.columns);
        auto date = columns.substr(4, columns.find(',', 4) - 4);
        auto rows = TRY(db.query(fmt::format("SELECT {} FROM {} WHERE context_id = $1 AND partnership_id = $2{} "
                                             "ORDER BY {} DESC, id DESC LIMIT 40",
                                             t.columns, t.table, only ? " AND id = $3" : "", date),
                                 params));
        for (const auto& r : rows.rows) out.push_back({t.kind, r.integer(0), t.label(r)});
    }
    return out;
}

// Whether every source is a record of the context.
Result<bool> all_cite_the_context(Connection& db, PartnershipId p, ContextId c, const std::vector<SourceRef>& sources)
{
    for (const auto& s : sources)
        if (TRY(read_sources(db, p, c, &s)).empty()) return false;
    return true;
}

Result<void> complete_concern(Connection& db, Concern& c)
{
    auto ctx =
        TRY(db.query("SELECT x.id, x.name FROM concern_contexts cc JOIN contexts x ON x.id = cc.context_id "
                     "WHERE cc.concern_id = $1 ORDER BY x.name_key",
                     {c.id.value}));
    for (const auto& r : ctx.rows) {
        c.contexts.push_back(r.id<ContextId>(0));
        c.context_names.push_back(r.text(1));
    }
    auto people =
        TRY(db.query("SELECT y.pseudonym FROM concern_young_people cy JOIN young_people y "
                     "ON y.id = cy.young_person_id WHERE cy.concern_id = $1 ORDER BY y.pseudonym_key",
                     {c.id.value}));
    for (const auto& r : people.rows) c.pseudonyms.push_back(r.text(0));
    return {};
}

constexpr const char* kConcernColumns =
    "k.id, k.raised_on, k.raised_by, k.source, k.summary, k.place_id, COALESCE(pl.name, ''), k.recorded_by_label, "
    "k.screening_started_on, k.screener_label, k.decision, k.rationale, k.case_reference, k.decided_on, "
    "k.decided_by_label";

Concern concern_from_row(const Row& r)
{
    Concern c;
    c.id = r.id<ConcernId>(0);
    c.raised_on = r.text(1);
    c.raised_by = r.text(2);
    c.source = kConcernSources.parse(r.text(3)).value_or(ConcernSource::Referral);
    c.summary = r.text(4);
    c.place = r.opt_id<PlaceId>(5);
    c.place_name = r.text(6);
    c.recorded_by = r.text(7);
    c.screening_started_on = r.text(8);
    c.screener = r.text(9);
    c.decision = kScreeningDecisions.parse(r.text(10));
    c.rationale = r.text(11);
    c.case_reference = r.text(12);
    c.decided_on = r.text(13);
    c.decided_by = r.text(14);
    return c;
}

Result<Assessment> load_assessment(Connection& db, PartnershipId p, const Row& r)
{
    Assessment a;
    a.id = r.id<AssessmentId>(0);
    a.context = r.id<ContextId>(1);
    a.version = static_cast<int>(r.integer(2));
    a.discussion = r.text(3);
    a.completed_on = r.text(4);
    a.completed_by = r.text(5);
    auto rows =
        TRY(db.query("SELECT id, side, kind, body, weight FROM findings WHERE assessment_id = $1 "
                     "ORDER BY side, sort_order, id",
                     {a.id.value}));
    for (const auto& f : rows.rows)
        a.findings.push_back({f.id<FindingId>(0),
                              static_cast<int>(f.integer(1)),
                              kFindingKinds.parse(f.text(2)).value_or(FindingKind::Concern),
                              f.text(3),
                              static_cast<int>(f.integer(4)),
                              {}});
    // Sources with their labels, read from the records they name.
    for (auto& f : a.findings) {
        auto src =
            TRY(db.query("SELECT source_kind, source_id FROM finding_sources WHERE finding_id = $1 "
                         "ORDER BY source_kind, source_id",
                         {f.id.value}));
        for (const auto& s : src.rows) {
            SourceRef ref{kSourceKinds.parse(s.text(0)).value_or(SourceKind::Evidence), s.integer(1), ""};
            auto found = TRY(read_sources(db, p, a.context, &ref));
            ref.label =
                found.empty() ? fmt::format("{} (since removed)", kSourceKinds.label(ref.kind)) : found.front().label;
            f.sources.push_back(std::move(ref));
        }
    }
    return a;
}

constexpr const char* kAssessmentColumns = "id, context_id, version, discussion, completed_on, completed_by_label";

Result<Assessment> draft_of(Connection& db, PartnershipId p, AssessmentId id)
{
    auto a = TRY(assessment(db, p, id));
    if (a.complete())
        return std::unexpected(Error::conflict(
            fmt::format("Version {} of the assessment is complete; start a new version to change it.", a.version)));
    return a;
}

constexpr const char* kReviewColumns =
    "id, context_id, held_on, progress, decision, rationale, author_id, author_label, signed_off_label, "
    "signed_off_at";

Review review_from_row(const Row& r)
{
    Review v;
    v.id = r.id<ReviewId>(0);
    v.context = r.id<ContextId>(1);
    v.held_on = r.text(2);
    v.progress = r.text(3);
    v.decision = kReviewDecisions.parse(r.text(4)).value_or(ReviewDecision::Continue);
    v.rationale = r.text(5);
    v.author = r.opt_id<UserId>(6);
    v.author_label = r.text(7);
    v.signed_off_by = r.text(8);
    v.signed_off_at = r.text(9);
    return v;
}

}  // namespace

// ---- Stages ----

Result<ContextStage> stage_of(Connection& db, PartnershipId p, ContextId c)
{
    return TRY(contexts::get(db, p, c)).stage;
}

Result<void> move(Connection& db, PartnershipId p, ContextId c, ContextStage to, const std::string& reason,
                  const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    if (TRY(stage_of(db, p, c)) == to) return tx.commit();
    auto now = now_utc();
    TRY(db.query("UPDATE contexts SET stage = $1, updated_at = $2 WHERE id = $3 AND partnership_id = $4",
                 {name(to), now, c.value, p.value}));
    TRY(
        db.query("INSERT INTO context_stages (partnership_id, context_id, stage, entered_at, reason) "
                 "VALUES ($1, $2, $3, $4, $5)",
                 {p.value, c.value, name(to), now, reason}));
    TRY(audit::record(db, actor, {p, "update", "context", c.value, c, "stage=" + name(to)}));
    return tx.commit();
}

Result<void> advance(Connection& db, PartnershipId p, ContextId c, ContextStage to, const std::string& reason,
                     const Actor& actor)
{
    auto now = TRY(stage_of(db, p, c));
    if (now == ContextStage::Closed || reached(now, to)) return {};
    return move(db, p, c, to, reason, actor);
}

Result<std::vector<StageChange>> history(Connection& db, PartnershipId p, ContextId c)
{
    auto rows =
        TRY(db.query("SELECT stage, entered_at, reason FROM context_stages WHERE partnership_id = $1 AND "
                     "context_id = $2 ORDER BY id",
                     {p.value, c.value}));
    std::vector<StageChange> out;
    for (const auto& r : rows.rows)
        out.push_back({kContextStages.parse(r.text(0)).value_or(ContextStage::Assessment), r.text(1), r.text(2)});
    return out;
}

Result<std::vector<std::vector<StageChange>>> histories(Connection& db, PartnershipId p)
{
    auto rows =
        TRY(db.query("SELECT context_id, stage, entered_at FROM context_stages WHERE partnership_id = $1 "
                     "ORDER BY context_id, id",
                     {p.value}));
    std::vector<std::vector<StageChange>> out;
    std::int64_t current = -1;
    for (const auto& r : rows.rows) {
        if (r.integer(0) != current) {
            out.emplace_back();
            current = r.integer(0);
        }
        out.back().push_back({kContextStages.parse(r.text(1)).value_or(ContextStage::Assessment), r.text(2), ""});
    }
    return out;
}

Result<std::vector<std::int64_t>> stage_counts(Connection& db, PartnershipId p)
{
    std::vector<std::int64_t> out(kContextStages.size(), 0);
    auto rows =
        TRY(db.query("SELECT stage, COUNT(*) FROM contexts WHERE partnership_id = $1 GROUP BY stage", {p.value}));
    for (const auto& r : rows.rows)
        if (auto s = kContextStages.parse(r.text(0))) out[static_cast<std::size_t>(*s)] = r.integer(1);
    return out;
}

// ---- Places ----

Result<std::vector<Place>> places(Connection& db, PartnershipId p)
{
    auto rows =
        TRY(db.query("SELECT id, name, kind, latitude, longitude FROM places WHERE partnership_id = $1 "
                     "ORDER BY name_key",
                     {p.value}));
    std::vector<Place> out;
    for (const auto& r : rows.rows)
        out.push_back({r.id<PlaceId>(0), r.text(1), kPlaceKinds.parse(r.text(2)).value_or(PlaceKind::Place), r.text(3),
                       r.text(4)});
    return out;
}

Result<PlaceId> add_place(Connection& db, PartnershipId p, const Place& input, const Actor& actor)
{
    Place place = input;
    place.name = text::collapse_space(place.name);
    if (auto errors = validate(place); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    auto rows = db.query(
        "INSERT INTO places (partnership_id, name, name_key, kind, latitude, longitude, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {p.value, place.name, text::name_key(place.name), std::string(kPlaceKinds.name(place.kind)), place.latitude,
         place.longitude, now_utc()});
    if (!rows && rows.error().kind == Error::Kind::Conflict)
        return std::unexpected(Error::conflict(fmt::format("\"{}\" is already on the list.", place.name), "name"));
    if (!rows) return std::unexpected(rows.error());
    auto id = rows->first().id<PlaceId>(0);
    TRY(audit::record(
        db, actor,
        {p, "create", "place", id.value, std::nullopt, fmt::format("kind={}", kPlaceKinds.name(place.kind))}));
    TRY(tx.commit());
    return id;
}

Result<RepeatRule> repeat_rule(Connection& db, PartnershipId p)
{
    auto rows = TRY(db.query("SELECT repeat_threshold, repeat_window_days FROM partnerships WHERE id = $1", {p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such partnership."));
    return RepeatRule{rows.first().integer(0), rows.first().integer(1)};
}

Result<void> set_repeat_rule(Connection& db, PartnershipId p, RepeatRule rule, const Actor& actor)
{
    if (rule.threshold < 2 || rule.threshold > 50)
        return std::unexpected(Error::invalid("Enter a number of concerns from 2 to 50.", "threshold"));
    if (rule.window_days < 7 || rule.window_days > 730)
        return std::unexpected(Error::invalid("Enter a number of days from 7 to 730.", "window_days"));
    auto tx = TRY(Transaction::begin(db));
    TRY(db.query("UPDATE partnerships SET repeat_threshold = $1, repeat_window_days = $2 WHERE id = $3",
                 {rule.threshold, rule.window_days, p.value}));
    TRY(audit::record(db, actor,
                      {p, "update", "partnership", p.value, std::nullopt,
                       fmt::format("repeat_threshold={} repeat_window_days={}", rule.threshold, rule.window_days)}));
    return tx.commit();
}

// ---- Concerns ----

Result<RecordedConcern> create_concern(Connection& db, PartnershipId p, const Concern& input, ContextKind new_kind,
                                       const Actor& actor)
{
    Concern c = input;
    c.raised_by = text::collapse_space(c.raised_by);
    for (auto& n : c.context_names) n = text::collapse_space(n);
    if (auto errors = validate(c); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    if (c.place) {
        auto ok =
            TRY(db.query("SELECT 1 FROM places WHERE id = $1 AND partnership_id = $2", {c.place->value, p.value}));
        if (ok.empty()) return std::unexpected(Error::invalid("Choose the place or school from the list.", "place"));
    }
    std::vector<std::int64_t> people;
    for (const auto& pseudonym : c.pseudonyms) {
        auto rows = TRY(db.query("SELECT id FROM young_people WHERE partnership_id = $1 AND pseudonym_key = $2",
                                 {p.value, text::name_key(text::collapse_space(pseudonym))}));
        if (rows.empty())
            return std::unexpected(Error::invalid(
                fmt::format("\"{}\" is not on the register of young people; add them on a context's young people "
                            "page first, or leave them out.",
                            excerpt(pseudonym, 6)),
                "young_people"));
        people.push_back(rows.first().integer(0));
    }
    auto now = now_utc();
    auto rows = TRY(db.query(
        "INSERT INTO concerns (partnership_id, raised_on, raised_by, source, summary, place_id, recorded_by_label, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {p.value, c.raised_on, c.raised_by, std::string(kConcernSources.name(c.source)),
         text::normalise_paragraphs(c.summary), nullable(c.place), actor.label, now}));
    RecordedConcern out{rows.first().id<ConcernId>(0), {}, {}};
    std::vector<ContextId> named = c.contexts;
    for (const auto& n : c.context_names) {
        if (auto found = TRY(contexts::find_by_name(db, p, n))) {
            named.push_back(found->id);
            continue;
        }
        Context fresh;
        fresh.partnership = p;
        fresh.kind = new_kind;
        fresh.name = n;
        fresh.stage = ContextStage::Concern;
        auto id = TRY(contexts::create(db, fresh));
        TRY(audit::record(
            db, actor,
            {p, "create", "context", id.value, id, fmt::format("kind={} from=concern", to_string(new_kind))}));
        named.push_back(id);
        out.created.push_back(n);
    }
    std::ranges::sort(named, {}, [](ContextId x) { return x.value; });
    auto [first, last] = std::ranges::unique(named);
    named.erase(first, last);
    for (auto ctx : named) {
        auto context = TRY(contexts::get(db, p, ctx));
        TRY(db.query("INSERT INTO concern_contexts (concern_id, context_id) VALUES ($1, $2)",
                     {out.id.value, ctx.value}));
        if (context.stage == ContextStage::Closed) {
            TRY(move(db, p, ctx, ContextStage::Concern, fmt::format("Reopened by concern {}", out.id.value), actor));
            out.reopened.push_back(context.name);
        }
        TRY(audit::record(db, actor,
                          {p, "create", "concern", out.id.value, ctx,
                           fmt::format("source={} young_people={}", kConcernSources.name(c.source), people.size())}));
    }
    for (auto person : people)
        TRY(
            db.query("INSERT INTO concern_young_people (concern_id, young_person_id) VALUES ($1, $2) "
                     "ON CONFLICT DO NOTHING",
                     {out.id.value, person}));
    TRY(tx.commit());
    return out;
}

Result<Concern> concern(Connection& db, PartnershipId p, ConcernId id)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM concerns k LEFT JOIN places pl ON pl.id = k.place_id "
                                         "WHERE k.id = $1 AND k.partnership_id = $2",
                                         kConcernColumns),
                             {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such concern."));
    Concern c = concern_from_row(rows.first());
    TRY(complete_concern(db, c));
    return c;
}

Result<Page<Concern>> concerns(Connection& db, PartnershipId p, std::int64_t number, std::int64_t size)
{
    Page<Concern> out;
    auto rows = TRY(read_page(db, Bindings({p.value}), kConcernColumns,
                              "FROM concerns k LEFT JOIN places pl ON pl.id = k.place_id WHERE k.partnership_id = $1",
                              "k.raised_on DESC, k.id DESC", number, size, out));
    for (const auto& r : rows.rows) {
        out.items.push_back(concern_from_row(r));
        TRY(complete_concern(db, out.items.back()));
    }
    return out;
}

Result<std::vector<Concern>> concerns_of(Connection& db, PartnershipId p, ContextId c)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM concerns k LEFT JOIN places pl ON pl.id = k.place_id "
                                         "WHERE k.partnership_id = $1 AND k.id IN "
                                         "(SELECT concern_id FROM concern_contexts WHERE context_id = $2) "
                                         "ORDER BY k.raised_on DESC, k.id DESC",
                                         kConcernColumns),
                             {p.value, c.value}));
    std::vector<Concern> out;
    for (const auto& r : rows.rows) {
        out.push_back(concern_from_row(r));
        TRY(complete_concern(db, out.back()));
    }
    return out;
}

Result<void> expire_case_references(Connection& db, PartnershipId p)
{
    auto cutoff = add_days(today_utc(), -kCaseReferenceDays);
    // Read first: most reads find nothing to destroy and must not take the write lock.
    auto due =
        TRY(db.query("SELECT 1 FROM concerns WHERE partnership_id = $1 AND case_reference <> '' AND "
                     "decided_on < $2 LIMIT 1",
                     {p.value, cutoff}));
    if (due.empty()) return {};
    auto tx = TRY(Transaction::begin(db));
    auto gone =
        TRY(db.query("UPDATE concerns SET case_reference = '' WHERE partnership_id = $1 AND "
                     "case_reference <> '' AND decided_on < $2",
                     {p.value, cutoff}));
    if (gone.affected > 0)
        TRY(audit::record(db, {std::nullopt, "Trellis retention", ""},
                          {p, "delete", "case_reference", 0, std::nullopt,
                           fmt::format("count={} rule=older_than_{}_days", gone.affected, kCaseReferenceDays)}));
    return tx.commit();
}

Result<void> start_screening(Connection& db, PartnershipId p, ConcernId id, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto c = TRY(concern(db, p, id));
    if (c.decision) return std::unexpected(Error::conflict("This concern has already been screened."));
    if (!c.screening_started_on.empty()) return tx.commit();
    TRY(db.query("UPDATE concerns SET screening_started_on = $1, screener_label = $2 WHERE id = $3",
                 {today_utc(), actor.label, id.value}));
    for (auto ctx : c.contexts) {
        if (TRY(stage_of(db, p, ctx)) == ContextStage::Concern)
            TRY(move(db, p, ctx, ContextStage::Screening, fmt::format("Screening of concern {} began", id.value),
                     actor));
        TRY(audit::record(db, actor, {p, "update", "concern", id.value, ctx, "screening=started"}));
    }
    return tx.commit();
}

Result<void> screen(Connection& db, PartnershipId p, ConcernId id, const Concern& decision, const Actor& actor)
{
    if (auto errors = validate_screening(decision); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    auto c = TRY(concern(db, p, id));
    if (c.decision) return std::unexpected(Error::conflict("This concern has already been screened."));
    auto today = decision.decided_on.empty() ? today_utc() : decision.decided_on;
    if (!text::is_iso_date(today) || today > today_utc() || today < c.raised_on)
        return std::unexpected(Error::invalid(
            "The date of the decision must be a real date between the concern being raised and today.", "decided_on"));
    TRY(db.query(
        "UPDATE concerns SET decision = $1, rationale = $2, case_reference = $3, decided_on = $4, "
        "decided_by_label = $5, screening_started_on = CASE WHEN screening_started_on = '' THEN $4 ELSE "
        "screening_started_on END, screener_label = CASE WHEN screener_label = '' THEN $5 ELSE "
        "screener_label END WHERE id = $6",
        {std::string(kScreeningDecisions.name(*decision.decision)), text::normalise_paragraphs(decision.rationale),
         text::collapse_space(decision.case_reference), today, actor.label, id.value}));
    for (auto ctx : c.contexts) {
        TRY(audit::record(db, actor,
                          {p, "update", "concern", id.value, ctx,
                           fmt::format("decision={}", kScreeningDecisions.name(*decision.decision))}));
        auto now = TRY(stage_of(db, p, ctx));
        auto next = after_screening(now, *decision.decision);
        if (next != now)
            TRY(move(db, p, ctx, next,
                     fmt::format("Concern {} screened: {}", id.value, kScreeningDecisions.label(*decision.decision)),
                     actor));
    }
    return tx.commit();
}

Result<std::vector<TrackerRow>> tracker(Connection& db, PartnershipId p, RepeatRule rule)
{
    auto since = add_days(today_utc(), static_cast<int>(-rule.window_days + 1));
    std::vector<TrackerRow> out;
    auto add = [&](const QueryResult& rows, auto kind_of, const char* href) {
        for (const auto& r : rows.rows) {
            TrackerRow t{kind_of(r),   r.text(1),    href[0] ? fmt::format("{}{}", href, r.integer(0)) : "",
                         r.integer(2), r.integer(3), r.text(4),
                         false};
            t.repeat = t.in_window >= rule.threshold;
            out.push_back(std::move(t));
        }
    };
    auto by_context = TRY(db.query(
        "SELECT x.id, x.name, SUM(CASE WHEN k.raised_on >= $2 THEN 1 ELSE 0 END), COUNT(*), MAX(k.raised_on) "
        "FROM concern_contexts cc JOIN concerns k ON k.id = cc.concern_id JOIN contexts x ON x.id = cc.context_id "
        "WHERE k.partnership_id = $1 GROUP BY x.id, x.name",
        {p.value, since}));
    add(
        by_context, [](const Row&) { return std::string("Context"); }, "/contexts/");
    auto by_place = TRY(db.query(
        "SELECT pl.id, pl.name, SUM(CASE WHEN k.raised_on >= $2 THEN 1 ELSE 0 END), COUNT(*), MAX(k.raised_on), "
        "pl.kind FROM concerns k JOIN places pl ON pl.id = k.place_id WHERE k.partnership_id = $1 "
        "GROUP BY pl.id, pl.name, pl.kind",
        {p.value, since}));
    add(
        by_place,
        [](const Row& r) {
            return std::string(kPlaceKinds.label(kPlaceKinds.parse(r.text(5)).value_or(PlaceKind::Place)));
        },
        "");
    std::ranges::sort(out, [](const TrackerRow& a, const TrackerRow& b) {
        return std::tie(b.repeat, b.in_window, b.latest) < std::tie(a.repeat, a.in_window, a.latest);
    });
    return out;
}

// ---- Assessments ----

Result<std::vector<Assessment>> assessments_of(Connection& db, PartnershipId p, ContextId c)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM assessments WHERE partnership_id = $1 AND context_id = $2 "
                                         "ORDER BY version DESC",
                                         kAssessmentColumns),
                             {p.value, c.value}));
    std::vector<Assessment> out;
    for (const auto& r : rows.rows) out.push_back(TRY(load_assessment(db, p, r)));
    return out;
}

Result<Assessment> assessment(Connection& db, PartnershipId p, AssessmentId id)
{
    auto rows = TRY(
        db.query(fmt::format("SELECT {} FROM assessments WHERE id = $1 AND partnership_id = $2", kAssessmentColumns),
                 {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such assessment."));
    return load_assessment(db, p, rows.first());
}

Result<AssessmentId> start_assessment(Connection& db, PartnershipId p, ContextId c, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    TRY(contexts::get(db, p, c));
    auto versions = TRY(assessments_of(db, p, c));
    if (!versions.empty() && !versions.front().complete())
        return std::unexpected(Error::conflict(
            fmt::format("Version {} of the assessment is still a draft; complete it before starting another.",
                        versions.front().version)));
    int version = versions.empty() ? 1 : versions.front().version + 1;
    auto rows =
        TRY(db.query("INSERT INTO assessments (partnership_id, context_id, version, discussion, created_at) "
                     "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                     {p.value, c.value, std::int64_t{version},
                      versions.empty() ? std::string() : versions.front().discussion, now_utc()}));
    auto id = rows.first().id<AssessmentId>(0);
    if (!versions.empty()) {
        int order = 0;
        for (const auto& f : versions.front().findings) {
            auto made =
                TRY(db.query("INSERT INTO findings (assessment_id, side, kind, body, weight, sort_order) "
                             "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                             {id.value, std::int64_t{f.side}, std::string(kFindingKinds.name(f.kind)), f.text,
                              std::int64_t{f.weight}, std::int64_t{order++}}));
            for (const auto& s : f.sources)
                TRY(db.query("INSERT INTO finding_sources (finding_id, source_kind, source_id) VALUES ($1, $2, $3)",
                             {made.first().integer(0), std::string(kSourceKinds.name(s.kind)), s.id}));
        }
    }
    TRY(audit::record(db, actor, {p, "create", "assessment", id.value, c, fmt::format("version={}", version)}));
    TRY(advance(db, p, c, ContextStage::Assessment, fmt::format("Assessment version {} began", version), actor));
    TRY(tx.commit());
    return id;
}

Result<FindingId> add_finding(Connection& db, PartnershipId p, AssessmentId id, const Finding& input, std::size_t sides,
                              const Actor& actor)
{
    Finding f = input;
    f.text = text::normalise_paragraphs(f.text);
    if (auto errors = validate(f, sides); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    auto a = TRY(draft_of(db, p, id));
    if (a.findings.size() >= limits::kFindingsPerAssessment)
        return std::unexpected(Error::invalid(
            fmt::format("An assessment holds at most {} findings.", limits::kFindingsPerAssessment), "text"));
    if (!TRY(all_cite_the_context(db, p, a.context, f.sources)))
        return std::unexpected(Error::invalid("Choose the sources from the records of this context.", "sources"));
    auto rows =
        TRY(db.query("INSERT INTO findings (assessment_id, side, kind, body, weight, sort_order) "
                     "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                     {id.value, std::int64_t{f.side}, std::string(kFindingKinds.name(f.kind)), f.text,
                      std::int64_t{f.weight}, static_cast<std::int64_t>(a.findings.size())}));
    auto fid = rows.first().id<FindingId>(0);
    for (const auto& s : f.sources)
        TRY(
            db.query("INSERT INTO finding_sources (finding_id, source_kind, source_id) VALUES ($1, $2, $3) "
                     "ON CONFLICT DO NOTHING",
                     {fid.value, std::string(kSourceKinds.name(s.kind)), s.id}));
    TRY(audit::record(db, actor,
                      {p, "create", "finding", fid.value, a.context,
                       fmt::format("assessment={} side={} kind={} weight={} sources={}", id.value, f.side,
                                   kFindingKinds.name(f.kind), f.weight, f.sources.size())}));
    TRY(tx.commit());
    return fid;
}

Result<AssessmentId> remove_finding(Connection& db, PartnershipId p, FindingId f, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto rows =
        TRY(db.query("SELECT a.id FROM findings f JOIN assessments a ON a.id = f.assessment_id "
                     "WHERE f.id = $1 AND a.partnership_id = $2",
                     {f.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such finding."));
    auto a = TRY(draft_of(db, p, rows.first().id<AssessmentId>(0)));
    TRY(db.query("DELETE FROM findings WHERE id = $1", {f.value}));
    TRY(audit::record(db, actor,
                      {p, "delete", "finding", f.value, a.context, fmt::format("assessment={}", a.id.value)}));
    TRY(tx.commit());
    return a.id;
}

Result<void> save_discussion(Connection& db, PartnershipId p, AssessmentId id, const std::string& text,
                             const Actor& actor)
{
    if (auto e = text::check(text, "Notes of the discussion", "discussion",
                             {.min = 0, .max = limits::kDiscussion, .multiline = true}))
        return std::unexpected(*e);
    auto tx = TRY(Transaction::begin(db));
    auto a = TRY(draft_of(db, p, id));
    TRY(db.query("UPDATE assessments SET discussion = $1 WHERE id = $2", {text::normalise_paragraphs(text), id.value}));
    TRY(audit::record(db, actor, {p, "update", "assessment", id.value, a.context, "discussion"}));
    return tx.commit();
}

Result<void> complete_assessment(Connection& db, PartnershipId p, AssessmentId id, const std::string& on,
                                 const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto a = TRY(draft_of(db, p, id));
    if (a.findings.empty())
        return std::unexpected(Error::invalid("Record at least one finding before completing the assessment.", "text"));
    TRY(db.query("UPDATE assessments SET completed_on = $1, completed_by_label = $2 WHERE id = $3",
                 {on, actor.label, id.value}));
    TRY(audit::record(db, actor,
                      {p, "update", "assessment", id.value, a.context,
                       fmt::format("version={} completed findings={}", a.version, a.findings.size())}));
    return tx.commit();
}

Result<void> add_sources(Connection& db, PartnershipId p, FindingId f, const std::vector<SourceRef>& sources,
                         const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto rows =
        TRY(db.query("SELECT a.id FROM findings f JOIN assessments a ON a.id = f.assessment_id "
                     "WHERE f.id = $1 AND a.partnership_id = $2",
                     {f.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such finding."));
    auto a = TRY(draft_of(db, p, rows.first().id<AssessmentId>(0)));
    if (!TRY(all_cite_the_context(db, p, a.context, sources)))
        return std::unexpected(Error::invalid("Choose the sources from the records of this context.", "sources"));
    for (const auto& s : sources)
        TRY(
            db.query("INSERT INTO finding_sources (finding_id, source_kind, source_id) VALUES ($1, $2, $3) "
                     "ON CONFLICT DO NOTHING",
                     {f.value, std::string(kSourceKinds.name(s.kind)), s.id}));
    TRY(audit::record(db, actor,
                      {p, "update", "finding", f.value, a.context, fmt::format("sources+={}", sources.size())}));
    return tx.commit();
}

Result<std::vector<SourceRef>> source_options(Connection& db, PartnershipId p, ContextId c)
{
    return read_sources(db, p, c, nullptr);
}

// ---- Goal library ----

Result<std::vector<LibraryGoal>> library_goals(Connection& db, PartnershipId p)
{
    auto rows =
        TRY(db.query("SELECT id, context_kind, side, statement FROM library_goals WHERE partnership_id = $1 "
                     "ORDER BY context_kind, side, id",
                     {p.value}));
    std::vector<LibraryGoal> out;
    for (const auto& r : rows.rows)
        out.push_back({r.id<LibraryGoalId>(0), parse_context_kind(r.text(1)).value_or(ContextKind::Other),
                       static_cast<int>(r.integer(2)), r.text(3)});
    return out;
}

Result<LibraryGoalId> add_library_goal(Connection& db, PartnershipId p, const LibraryGoal& g, const Actor& actor)
{
    auto statement = text::collapse_space(g.statement);
    if (auto e = text::check(statement, "Goal statement", "statement", {.min = 1, .max = limits::kGoalStatement}))
        return std::unexpected(*e);
    if (g.side < 0 || g.side > 2)
        return std::unexpected(Error::invalid("Choose the side of the triangle the goal belongs to.", "side"));
    auto tx = TRY(Transaction::begin(db));
    auto rows =
        TRY(db.query("INSERT INTO library_goals (partnership_id, context_kind, side, statement, created_at) "
                     "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                     {p.value, std::string(to_string(g.kind)), std::int64_t{g.side}, statement, now_utc()}));
    auto id = rows.first().id<LibraryGoalId>(0);
    TRY(audit::record(db, actor,
                      {p, "create", "library_goal", id.value, std::nullopt,
                       fmt::format("kind={} side={}", to_string(g.kind), g.side)}));
    TRY(tx.commit());
    return id;
}

Result<void> remove_library_goal(Connection& db, PartnershipId p, LibraryGoalId id, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto gone = TRY(db.query("DELETE FROM library_goals WHERE id = $1 AND partnership_id = $2", {id.value, p.value}));
    if (gone.affected == 0) return std::unexpected(Error::not_found("There is no such goal in the library."));
    TRY(audit::record(db, actor, {p, "delete", "library_goal", id.value, std::nullopt, ""}));
    return tx.commit();
}

Result<void> link_findings(Connection& db, GoalId goal, const std::vector<FindingId>& findings)
{
    for (auto f : findings)
        TRY(db.query("INSERT INTO goal_findings (goal_id, finding_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     {goal.value, f.value}));
    return {};
}

Result<std::vector<Finding>> findings_of_goal(Connection& db, PartnershipId p, GoalId goal)
{
    auto rows =
        TRY(db.query("SELECT f.id, f.side, f.kind, f.body, f.weight FROM goal_findings gf "
                     "JOIN findings f ON f.id = gf.finding_id JOIN assessments a ON a.id = f.assessment_id "
                     "WHERE gf.goal_id = $1 AND a.partnership_id = $2 ORDER BY f.side, f.sort_order, f.id",
                     {goal.value, p.value}));
    std::vector<Finding> out;
    for (const auto& r : rows.rows)
        out.push_back({r.id<FindingId>(0),
                       static_cast<int>(r.integer(1)),
                       kFindingKinds.parse(r.text(2)).value_or(FindingKind::Concern),
                       r.text(3),
                       static_cast<int>(r.integer(4)),
                       {}});
    return out;
}

// ---- Reviews ----

Result<ReviewId> create_review(Connection& db, PartnershipId p, const Review& input, const Actor& actor)
{
    Review r = input;
    r.progress = text::normalise_paragraphs(r.progress);
    r.rationale = text::normalise_paragraphs(r.rationale);
    if (auto errors = validate(r); !errors.empty()) return std::unexpected(errors.front());
    auto tx = TRY(Transaction::begin(db));
    TRY(contexts::get(db, p, r.context));
    auto rows = TRY(
        db.query("INSERT INTO reviews (partnership_id, context_id, held_on, progress, decision, rationale, author_id, "
                 "author_label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                 {p.value, r.context.value, r.held_on, r.progress, std::string(kReviewDecisions.name(r.decision)),
                  r.rationale, nullable(actor.user), actor.label, now_utc()}));
    auto id = rows.first().id<ReviewId>(0);
    TRY(audit::record(
        db, actor,
        {p, "create", "review", id.value, r.context, fmt::format("decision={}", kReviewDecisions.name(r.decision))}));
    if (r.needs_sign_off())
        TRY(move(db, p, r.context, ContextStage::Review,
                 fmt::format("Review {}: {}, waiting for sign-off", id.value, kReviewDecisions.label(r.decision)),
                 actor));
    else
        TRY(move(db, p, r.context, ContextStage::Active, fmt::format("Review {}: the plan continues", id.value),
                 actor));
    TRY(tx.commit());
    return id;
}

Result<Review> review(Connection& db, PartnershipId p, ReviewId id)
{
    auto rows =
        TRY(db.query(fmt::format("SELECT {} FROM reviews WHERE id = $1 AND partnership_id = $2", kReviewColumns),
                     {id.value, p.value}));
    if (rows.empty()) return std::unexpected(Error::not_found("There is no such review."));
    return review_from_row(rows.first());
}

Result<std::vector<Review>> reviews_of(Connection& db, PartnershipId p, ContextId c)
{
    auto rows = TRY(db.query(fmt::format("SELECT {} FROM reviews WHERE partnership_id = $1 AND context_id = $2 "
                                         "ORDER BY held_on DESC, id DESC",
                                         kReviewColumns),
                             {p.value, c.value}));
    std::vector<Review> out;
    for (const auto& r : rows.rows) out.push_back(review_from_row(r));
    return out;
}

Result<void> sign_off(Connection& db, PartnershipId p, ReviewId id, UserId by, const Actor& actor)
{
    auto tx = TRY(Transaction::begin(db));
    auto r = TRY(review(db, p, id));
    if (!r.needs_sign_off())
        return std::unexpected(Error::conflict("A decision to continue the plan needs no sign-off."));
    if (r.signed_off()) return std::unexpected(Error::conflict("This review has already been signed off."));
    if (r.author == by)
        return std::unexpected(
            Error::forbidden("The decision must be signed off by someone other than the person who recorded it."));
    auto later = TRY(db.query("SELECT 1 FROM reviews WHERE context_id = $1 AND id > $2", {r.context.value, id.value}));
    if (!later.empty())
        return std::unexpected(
            Error::conflict("A later review has replaced this decision; sign off that one instead."));
    auto done =
        TRY(db.query("UPDATE reviews SET signed_off_by_id = $1, signed_off_label = $2, signed_off_at = $3 "
                     "WHERE id = $4 AND signed_off_at = ''",
                     {by.value, actor.label, now_utc(), id.value}));
    if (done.affected == 0) return std::unexpected(Error::conflict("This review has already been signed off."));
    TRY(audit::record(db, actor,
                      {p, "update", "review", id.value, r.context,
                       fmt::format("signed_off decision={}", kReviewDecisions.name(r.decision))}));
    // Closing the context closes its frameworks.
    auto open =
        TRY(db.query("SELECT id FROM frameworks WHERE context_id = $1 AND status <> 'closed'", {r.context.value}));
    for (const auto& f : open.rows) {
        TRY(db.query("UPDATE frameworks SET status = 'closed' WHERE id = $1", {f.integer(0)}));
        TRY(frameworks::touch(db, FrameworkId{f.integer(0)}, now_utc()));
        TRY(audit::record(db, actor,
                          {p, "update", "framework", f.integer(0), r.context,
                           fmt::format("status=closed closed_by=review:{}", id.value)}));
    }
    TRY(move(db, p, r.context, ContextStage::Closed,
             fmt::format("{}: signed off by {}",
                         r.decision == ReviewDecision::StepDown ? "Stepped down to universal services" : "Closed",
                         actor.label),
             actor));
    return tx.commit();
}

Result<Waiting> waiting(Connection& db, PartnershipId p)
{
    Waiting out;
    out.unscreened =
        TRY(db.query("SELECT COUNT(*) FROM concerns WHERE partnership_id = $1 AND decision = ''", {p.value}))
            .first()
            .integer(0);
    auto rows = TRY(db.query(
        "SELECT r.id, r.context_id, r.held_on, r.progress, r.decision, r.rationale, r.author_id, r.author_label, "
        "r.signed_off_label, r.signed_off_at, c.name FROM reviews r JOIN contexts c ON c.id = r.context_id "
        "WHERE r.partnership_id = $1 AND r.decision <> 'continue' AND r.signed_off_at = '' AND NOT EXISTS "
        "(SELECT 1 FROM reviews later WHERE later.context_id = r.context_id AND later.id > r.id) "
        "ORDER BY r.held_on, r.id",
        {p.value}));
    for (const auto& r : rows.rows) {
        out.sign_offs.push_back(review_from_row(r));
        out.sign_off_contexts.push_back(r.text(10));
    }
    return out;
}

// ---- Demo data ----

Result<void> date_demo_story(Connection& db, PartnershipId p, ContextId c, const std::vector<std::string>& stages,
                             const std::string& framework_on, const std::string& rated_on)
{
    auto rows = TRY(db.query("SELECT id FROM context_stages WHERE partnership_id = $1 AND context_id = $2 ORDER BY id",
                             {p.value, c.value}));
    for (std::size_t i = 0; i < rows.rows.size() && i < stages.size(); ++i)
        TRY(db.query("UPDATE context_stages SET entered_at = $1 WHERE id = $2",
                     {stages[i] + "T09:00:00.000000Z", rows.rows[i].integer(0)}));
    if (!stages.empty())
        TRY(db.query("UPDATE contexts SET created_at = $1 WHERE id = $2",
                     {stages.front() + "T09:00:00.000000Z", c.value}));
    if (framework_on.empty()) return {};
    auto at = framework_on + "T10:00:00.000000Z";
    TRY(db.query("UPDATE frameworks SET created_at = $1 WHERE context_id = $2 AND partnership_id = $3",
                 {at, c.value, p.value}));
    auto entries =
        TRY(db.query("SELECT e.id, e.version FROM stage_entries e JOIN goals g ON g.id = e.goal_id "
                     "JOIN frameworks f ON f.id = g.framework_id WHERE f.context_id = $1",
                     {c.value}));
    for (const auto& r : entries.rows)
        TRY(db.query(
            "UPDATE stage_entries SET created_at = $1 WHERE id = $2",
            {add_days(framework_on, static_cast<int>(r.integer(1) - 1) * 7) + "T10:00:00.000000Z", r.integer(0)}));
    TRY(
        db.query("UPDATE actions SET created_at = start_date || 'T09:00:00.000000Z' WHERE start_date <> '' AND "
                 "goal_id IN (SELECT g.id FROM goals g JOIN frameworks f ON f.id = g.framework_id "
                 "WHERE f.context_id = $1)",
                 {c.value}));
    TRY(
        db.query("UPDATE actions SET updated_at = due_date || 'T17:00:00.000000Z' WHERE due_date <> '' AND "
                 "status IN ('done', 'stopped') AND goal_id IN (SELECT g.id FROM goals g JOIN frameworks f "
                 "ON f.id = g.framework_id WHERE f.context_id = $1)",
                 {c.value}));
    if (stages.size() > 1)
        TRY(db.query("UPDATE assessments SET created_at = $1 WHERE context_id = $2 AND partnership_id = $3",
                     {stages[1] + "T11:00:00.000000Z", c.value, p.value}));
    TRY(
        db.query("UPDATE goal_outcomes SET created_at = $1 WHERE goal_id IN (SELECT g.id FROM goals g "
                 "JOIN frameworks f ON f.id = g.framework_id WHERE f.context_id = $2)",
                 {rated_on + "T15:00:00.000000Z", c.value}));
    return {};
}

// ---- Chronology ----

Result<std::vector<ChronologyEntry>> chronology(Connection& db, PartnershipId p, ContextId c, bool with_case_refs)
{
    std::vector<ChronologyEntry> out;
    Params params{p.value, c.value};
    for (const auto& s : TRY(history(db, p, c)))
        out.push_back({s.entered_at, fmt::format("Stage: {}", kContextStages.label(s.stage)), s.reason, ""});
    for (const auto& k : TRY(concerns_of(db, p, c))) {
        auto href = fmt::format("/concerns/{}", k.id.value);
        out.push_back({k.raised_on, fmt::format("Concern raised by {}", k.raised_by),
                       fmt::format("{}. {}", kConcernSources.label(k.source), excerpt(k.summary, 30)), href});
        if (!k.screening_started_on.empty() && !k.decided_on.empty() && k.screening_started_on != k.decided_on)
            out.push_back({k.screening_started_on, "Screening began", fmt::format("By {}", k.screener), href});
        if (k.decision) {
            std::string detail = k.rationale;
            if (with_case_refs && !k.case_reference.empty())
                detail += fmt::format(" (case reference {})", k.case_reference);
            out.push_back({k.decided_on, fmt::format("Screening decision: {}", kScreeningDecisions.label(*k.decision)),
                           fmt::format("By {}. {}", k.decided_by, excerpt(detail, 40)), href});
        } else if (!k.screening_started_on.empty()) {
            out.push_back({k.screening_started_on, "Screening began", fmt::format("By {}", k.screener), href});
        }
    }
    auto assessments =
        TRY(db.query("SELECT id, version, created_at, completed_on, completed_by_label FROM assessments "
                     "WHERE partnership_id = $1 AND context_id = $2",
                     params));
    for (const auto& r : assessments.rows) {
        auto href = fmt::format("/assessments/{}", r.integer(0));
        out.push_back({r.text(2), fmt::format("Assessment version {} begun", r.integer(1)), "", href});
        if (!r.text(3).empty())
            out.push_back({r.text(3), fmt::format("Assessment version {} completed", r.integer(1)),
                           fmt::format("By {}", r.text(4)), href});
    }
    auto meetings =
        TRY(db.query("SELECT m.id, m.held_on, m.meeting_type, "
                     "(SELECT COUNT(*) FROM decisions d WHERE d.meeting_id = m.id), "
                     "(SELECT COUNT(*) FROM meeting_goals g WHERE g.meeting_id = m.id), m.summary_sent_on "
                     "FROM meetings m WHERE m.partnership_id = $1 AND m.context_id = $2",
                     params));
    for (const auto& r : meetings.rows) {
        auto type = parse_meeting_type(r.text(2)).value_or(MeetingType::MultiAgency);
        auto href = fmt::format("/meetings/{}", r.integer(0));
        std::string detail = text::count(r.integer(3), "decision");
        if (r.integer(4) > 0) detail += ", " + text::count(r.integer(4), "goal") + " agreed";
        out.push_back({r.text(1), std::string(label(type)), detail, href});
        if (!r.text(5).empty()) out.push_back({r.text(5), "Written summary sent", std::string(label(type)), href});
    }
    auto frameworks =
        TRY(db.query("SELECT id, title, created_at FROM frameworks WHERE partnership_id = $1 AND "
                     "context_id = $2",
                     params));
    for (const auto& r : frameworks.rows)
        out.push_back({r.text(2), "Framework created", r.text(1), fmt::format("/frameworks/{}", r.integer(0))});
    auto stages =
        TRY(db.query("SELECT e.created_at, e.stage, e.version, g.statement, f.id FROM stage_entries e "
                     "JOIN goals g ON g.id = e.goal_id JOIN frameworks f ON f.id = g.framework_id "
                     "WHERE f.partnership_id = $1 AND f.context_id = $2",
                     params));
    for (const auto& r : stages.rows)
        out.push_back(
            {r.text(0),
             fmt::format("{} stage, version {}", label(parse_stage(r.text(1)).value_or(Stage::Scoping)), r.integer(2)),
             r.text(3), fmt::format("/frameworks/{}", r.integer(4))});
    auto actions =
        TRY(db.query("SELECT a.id, a.created_at, a.what, ag.name, a.status, a.updated_at FROM actions a "
                     "JOIN goals g ON g.id = a.goal_id JOIN frameworks f ON f.id = g.framework_id "
                     "JOIN agencies ag ON ag.id = a.owner_agency_id "
                     "WHERE f.partnership_id = $1 AND f.context_id = $2",
                     params));
    for (const auto& r : actions.rows) {
        auto href = fmt::format("/actions/{}", r.integer(0));
        out.push_back({r.text(1), fmt::format("Action agreed, owned by {}", r.text(3)), excerpt(r.text(2), 20), href});
        auto status = kActionStatuses.parse(r.text(4));
        if (status == ActionStatus::Done || status == ActionStatus::Stopped)
            out.push_back({r.text(5), fmt::format("Action {}", status == ActionStatus::Done ? "done" : "stopped"),
                           excerpt(r.text(2), 20), href});
    }
    auto ratings =
        TRY(db.query("SELECT o.created_at, o.rating, g.statement, f.id FROM goal_outcomes o "
                     "JOIN goals g ON g.id = o.goal_id JOIN frameworks f ON f.id = g.framework_id "
                     "WHERE f.partnership_id = $1 AND f.context_id = $2",
                     params));
    for (const auto& r : ratings.rows)
        out.push_back({r.text(0),
                       fmt::format("Outcome rated: {}", kOutcomeRatings.label(kOutcomeRatings.parse(r.text(1)).value_or(
                                                            OutcomeRating::NotReached))),
                       r.text(2), fmt::format("/frameworks/{}", r.integer(3))});
    for (const auto& v : TRY(reviews_of(db, p, c))) {
        auto href = fmt::format("/reviews/{}", v.id.value);
        out.push_back({v.held_on, fmt::format("Review: {}", kReviewDecisions.label(v.decision)),
                       fmt::format("By {}. {}", v.author_label, excerpt(v.rationale, 30)), href});
        if (v.signed_off())
            out.push_back({v.signed_off_at, "Decision signed off", fmt::format("By {}", v.signed_off_by), href});
    }
    std::ranges::stable_sort(out, {}, [](const ChronologyEntry& e) { return e.at; });
    return out;
}

}  // namespace trellis::store::lifecycle
