#include "service/scale_demo.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "domain/action.hpp"
#include "domain/clock.hpp"
#include "domain/context.hpp"
#include "domain/evidence.hpp"
#include "domain/indicator.hpp"
#include "domain/meeting.hpp"
#include "domain/response.hpp"
#include "domain/text.hpp"
#include "domain/user.hpp"
#include "store/action_repo.hpp"
#include "store/audit_repo.hpp"
#include "store/bulk.hpp"
#include "store/framework_repo.hpp"
#include "store/indicator_repo.hpp"
#include "store/meeting_repo.hpp"
#include "store/partnership_repo.hpp"

namespace trellis::service {
namespace {

using store::BulkInsert;

// Made-up streets, estates and platforms; a context's name is one of these
// with a word for its kind.
constexpr std::array kStems = {
    "Ashdown",   "Beckett",   "Blackthorn", "Bramley",   "Calder",    "Carlton",    "Chapel",   "Claremont",
    "Copper",    "Dale",      "Eastfield",  "Elm Grove", "Fairfield", "Fernside",   "Gorse",    "Greenbank",
    "Hawthorn",  "Heathside", "Holly",      "Kingsway",  "Larch",     "Linden",     "Marsh",    "Meadow",
    "Mill Lane", "Moorside",  "Northgate",  "Oakfield",  "Orchard",   "Parkside",   "Priory",   "Quarry",
    "Redhill",   "Rowan",     "St Anne's",  "Sandy",     "Southmead", "Springwell", "Station",  "Stonebridge",
    "Thornley",  "Tower",     "Union",      "Vale",      "Victoria",  "Waterside",  "Westgate", "Willow"};
constexpr std::array kPlaceWords = {"park",           "shopping precinct", "bus station",   "underpass",
                                    "playing fields", "retail park",       "canal towpath", "skate park"};
constexpr std::array kGroupWords = {"friendship group", "peer group", "football group", "estate group"};
constexpr std::array kSchoolWords = {"Academy", "High School", "College", "Pupil Referral Unit"};
constexpr std::array kOnlineWords = {"group chat", "gaming server", "video channel", "messaging group"};

constexpr std::array kFirstNames = {"Amara", "Bex",  "Cal",   "Dev",  "Ellis", "Finn", "Gabi",  "Harley",
                                    "Isla",  "Jay",  "Kai",   "Lexi", "Milo",  "Nia",  "Omar",  "Priya",
                                    "Quinn", "Remi", "Sami",  "Tia",  "Umar",  "Vee",  "Wren",  "Xan",
                                    "Yas",   "Zac",  "Ashby", "Bo",   "Cleo",  "Dre",  "Eshan", "Frankie"};

// Narratives are one phrase from each list.
constexpr std::array kWho = {"Detached youth workers met",       "Outreach staff spoke with",
                             "The college's pastoral team saw",  "A community safety officer observed",
                             "Leisure centre staff talked with", "Two youth workers spent an hour with",
                             "The neighbourhood team reported",  "A residents' association volunteer noticed"};
constexpr std::array kWhere = {
    "young people gathered by the benches after dark",        "a group waiting at the bus shelter on a school night",
    "several young people near the shops after closing time", "the group outside the chip shop on a Friday evening",
    "young people sitting on the wall by the underpass",      "a few of the group at the skate ramps late on Saturday",
    "the group in the car park behind the retail units",      "young people on the playing fields during the holidays"};
constexpr std::array kSaw = {"They said older men had offered them lifts and cigarettes.",
                             "They described being moved on twice that week and having nowhere else to go.",
                             "Two of them said they felt safer now the path lights were working.",
                             "They talked about a fight at the station and who they could ask for help.",
                             "They asked about the free Thursday youth evening at the leisure centre.",
                             "Some of them said they were being pressured to carry things for others.",
                             "They named a youth worker and a football coach as adults they trust.",
                             "They said staff at the shops watch them and assume the worst."};
constexpr std::array kNext = {"We agreed to meet them again next week at the same time.",
                              "The observation was shared with the context lead the next morning.",
                              "We will raise the lifts at the multi-agency meeting.",
                              "We gave them details of the Wednesday sports hall sessions.",
                              "No one was in immediate danger; we stayed until they went home.",
                              "The lead will ask the parks team about the lighting again.",
                              "We will bring this to the next review of the framework.",
                              "We passed the shop staff's concern to the community safety partnership."};
struct Quote {
    const char* words;
    std::array<const char*, 2> themes;  // "" for none
};
constexpr std::array kQuotes = {
    Quote{"There's nowhere to go that doesn't cost money.", {"money", "places"}},
    Quote{"The police just move us on, they never ask if we're alright.", {"police", "adults"}},
    Quote{"I'd talk to the youth worker, she actually listens.", {"trust", "adults"}},
    Quote{"It feels safer by the skate ramps now the lights are on.", {"safety", "places"}},
    Quote{"Those men in the car always know where we'll be.", {"safety", ""}},
    Quote{"The Thursday night at the leisure centre is the best thing round here.", {"places", "belonging"}},
    Quote{"Nobody asks us what we want, they just put up signs.", {"being heard", ""}},
    Quote{"My mum worries less now she knows where we are.", {"family", "safety"}},
    Quote{"At college they think we're trouble before we've done anything.", {"education", "labelling"}},
    Quote{"If something happened I'd message my mate, not an adult.", {"trust", "friendships"}},
    Quote{"The underpass is the worst bit, we run through it.", {"safety", "places"}},
    Quote{"Coach said he'd keep the hall open if we help set up.", {"belonging", ""}},
};
constexpr std::array kActions = {"Keep a Tuesday and Friday detached presence where the group meets.",
                                 "Run a free youth evening at the leisure centre through the winter.",
                                 "Route incidents involving the group through a safeguarding discussion first.",
                                 "Ask the parks team for lighting on the path by the underpass.",
                                 "Hold a reflective workshop with neighbourhood police and community safety.",
                                 "Open the college sports hall on Wednesday evenings.",
                                 "Visit the shops with the residents' association to talk about the group.",
                                 "Share the mapping findings at the community resources group."};
constexpr std::array kAgencies = {"Westbrook Youth Service",     "Westbrook Neighbourhood Policing",
                                  "Riverside College",           "Hollins Leisure Centre",
                                  "Westbrook Community Safety",  "Millbrook Residents' Association",
                                  "British Transport Police",    "Westbrook Children's Social Care",
                                  "Westbrook Parks and Streets", "Westbrook Housing"};

constexpr std::int64_t kDays = 3 * 365;  // how far back the history reaches

class Generator {
public:
    Generator(store::Connection& db, PartnershipId p, ContextId busy, const std::vector<FrameworkTemplate>& templates,
              const ScaleCounts& counts, const Progress& progress)
        : db_(db),
          p_(p),
          busy_(busy),
          templates_(templates),
          counts_(counts),
          progress_(progress),
          today_(*parse_day(today_utc()))
    {
    }

    Result<ScaleReport> run()
    {
        report_.made = counts_;
        TRY(add_users());
        TRY(add_contexts());
        TRY(add_young_people());
        TRY(add_frameworks());
        TRY(add_runs());
        TRY(add_evidence());
        TRY(add_voices());
        TRY(add_responses());
        TRY(store::audit::record_generated_history(db_, created_));
        TRY(add_views());
        TRY(close_contexts());
        return report_;
    }

private:
    // A day `back` days before today.
    std::string day(std::int64_t back) { return format_day(today_ - std::chrono::days{back}); }
    std::int64_t uniform(std::int64_t lo, std::int64_t hi)
    {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
    }
    template <typename Array>
    auto pick(const Array& a)
    {
        return a[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(std::size(a)) - 1))];
    }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

    // Which context a record belongs to: the busy one a tenth of the time,
    // otherwise weighted so a few contexts are busy and most are quiet (the
    // first 1% of contexts takes about a fifth).
    std::size_t context_index()
    {
        if (chance(0.1)) return busy_index_;
        double u = std::uniform_real_distribution<double>(0, 1)(rng_);
        return std::min(contexts_.size() - 1,
                        static_cast<std::size_t>(std::pow(u, 3.0) * static_cast<double>(contexts_.size())));
    }

    const Actor& worker() { return workers_[static_cast<std::size_t>(uniform(0, std::ssize(workers_) - 1))]; }
    AgencyId agency() { return agencies_[static_cast<std::size_t>(uniform(0, std::ssize(agencies_) - 1))].first; }
    std::size_t context_of(ContextId c) const { return index_of_.at(c.value); }

    void tell(std::string_view part, std::int64_t done, std::int64_t total)
    {
        if (progress_) progress_(part, done, total);
    }

    Result<void> add_users()
    {
        auto agencies = TRY(store::partnerships::agencies(db_, p_));
        for (std::size_t i = agencies.size(); i < kAgencies.size(); ++i)
            TRY(store::partnerships::create_agency(
                db_, {{}, p_, kAgencies[i], i == 6 ? AgencyKind::Police : AgencyKind::Other, "", "", ""}));
        for (const auto& a : TRY(store::partnerships::agencies(db_, p_))) agencies_.push_back({a.id, a.name});
        auto demo = TRY(db_.query("SELECT id, display_name, role FROM users WHERE partnership_id = $1", {p_.value}));
        for (const auto& r : demo.rows) {
            if (r.text(2) == "lead") lead_ = {UserId{r.integer(0)}, r.text(1), "cli"};
            if (r.text(2) == "practitioner") demo_practitioner_ = UserId{r.integer(0)};
        }
        // Accounts for the people who did the generated work. They have no
        // password (no hash verifies), so none of them can sign in.
        BulkInsert users(
            db_, "users",
            {"partnership_id", "email", "display_name", "role", "agency_id", "password_hash", "active", "created_at"},
            "id, display_name");
        auto created = now_utc();
        for (std::int64_t i = 0; i < counts_.users; ++i) {
            Role role = i % 20 == 0 ? Role::Lead : i % 3 == 0 ? Role::Partner : Role::Practitioner;
            const auto& agency = agencies_[role == Role::Partner ? 1 + static_cast<std::size_t>(i) % 9 : 0];
            auto name = fmt::format("{} {}", pick(kFirstNames), pick(kStems));
            TRY(users.add(
                {p_.value, fmt::format("worker{}@scale.demo.trellis.test", i + 1), name, std::string(to_string(role)),
                 role == Role::Lead ? store::Param{nullptr} : agency.first.value, "!", std::int64_t{1}, created}));
        }
        TRY(users.flush());
        for (const auto& r : users.returned()) workers_.push_back({UserId{r.integer(0)}, r.text(1), "10.0.0.1"});
        return {};
    }

    // Closed contexts are closed at the end, once their records are written.
    static ContextStage open_stage(ContextStage s) { return s == ContextStage::Closed ? ContextStage::Active : s; }

    Result<void> add_contexts()
    {
        struct Kind {
            ContextKind kind;
            const char* const* words;
            std::size_t count;
        };
        const std::array kinds = {Kind{ContextKind::Place, kPlaceWords.data(), kPlaceWords.size()},
                                  Kind{ContextKind::PeerGroup, kGroupWords.data(), kGroupWords.size()},
                                  Kind{ContextKind::School, kSchoolWords.data(), kSchoolWords.size()},
                                  Kind{ContextKind::Online, kOnlineWords.data(), kOnlineWords.size()}};
        // Where each context has got to; the ones with frameworks come first,
        // so the busiest contexts are the ones being worked on.
        constexpr std::array<std::pair<ContextStage, int>, 7> kStageShare = {{{ContextStage::Active, 40},
                                                                              {ContextStage::Review, 10},
                                                                              {ContextStage::Planning, 10},
                                                                              {ContextStage::Assessment, 15},
                                                                              {ContextStage::Screening, 5},
                                                                              {ContextStage::Concern, 5},
                                                                              {ContextStage::Closed, 15}}};
        BulkInsert rows(
            db_, "contexts",
            {"partnership_id", "kind", "name", "name_key", "description", "created_at", "updated_at", "stage"},
            "id, name");
        std::map<std::string, int> used;
        std::vector<std::string> names;
        std::vector<ContextStage> stages;
        for (auto [stage, share] : kStageShare)
            for (std::int64_t i = 0; i < counts_.contexts * share / 100; ++i) stages.push_back(stage);
        while (static_cast<std::int64_t>(stages.size()) < counts_.contexts) stages.push_back(ContextStage::Active);
        for (std::size_t i = 0; i < stages.size(); ++i) {
            const auto& k = kinds[static_cast<std::size_t>(uniform(0, 3))];
            auto base = fmt::format("{} {}", pick(kStems), k.words[uniform(0, static_cast<std::int64_t>(k.count) - 1)]);
            int n = ++used[base];
            auto name = n == 1 ? base : fmt::format("{} {}", base, n);
            auto created = day(uniform(kDays / 2, kDays)) + "T09:00:00.000000Z";
            TRY(rows.add(
                {p_.value, std::string(to_string(k.kind)), name, text::name_key(name),
                 fmt::format("A {} in Westbrook. Generated for measuring Trellis.", text::name_key(label(k.kind))),
                 created, created, std::string(kContextStages.name(open_stage(stages[i])))}));
            names.push_back(std::move(name));
            stage_of_.push_back(stages[i]);
            kind_of_.push_back(k.kind);
        }
        TRY(rows.flush());
        // Rows come back in no promised order: match them by name.
        std::map<std::string, ContextId> ids;
        for (const auto& r : rows.returned()) ids[r.text(1)] = ContextId{r.integer(0)};
        for (const auto& name : names) contexts_.push_back(ids.at(name));
        contexts_.push_back(busy_);
        stage_of_.push_back(ContextStage::Active);
        kind_of_.push_back(ContextKind::PeerGroup);
        busy_index_ = contexts_.size() - 1;
        for (std::size_t i = 0; i < contexts_.size(); ++i) index_of_[contexts_[i].value] = i;

        BulkInsert history(db_, "context_stages", {"partnership_id", "context_id", "stage", "entered_at", "reason"});
        BulkInsert allocations(db_, "allocations", {"user_id", "context_id", "created_at"});
        auto now = now_utc();
        std::set<std::pair<std::int64_t, std::int64_t>> allocated;
        for (std::size_t i = 0; i + 1 < contexts_.size(); ++i) {
            TRY(history.add({p_.value, contexts_[i].value, std::string(kContextStages.name(open_stage(stage_of_[i]))),
                             now, "Generated for measuring Trellis"}));
            // Two practitioners work with each context; the demo practitioner
            // with one in twenty as well as the friendship group.
            for (int j = 0; j < 2; ++j) {
                const auto& who = worker();
                if (allocated.insert({who.user->value, contexts_[i].value}).second)
                    TRY(allocations.add({who.user->value, contexts_[i].value, now}));
            }
            if (i % 20 == 0) TRY(allocations.add({demo_practitioner_.value, contexts_[i].value, now}));
        }
        TRY(history.flush());
        TRY(allocations.flush());
        tell("contexts", std::ssize(contexts_) - 1, counts_.contexts);
        return {};
    }

    Result<void> add_young_people()
    {
        BulkInsert rows(
            db_, "young_people",
            {"partnership_id", "pseudonym", "pseudonym_key", "local_ref", "age_band", "aliases", "created_at"},
            "id, pseudonym");
        std::vector<std::string> names;
        auto now = now_utc();
        for (std::int64_t i = 0; i < counts_.young_people; ++i) {
            auto name = fmt::format("{} {}{}", kFirstNames[static_cast<std::size_t>(i) % kFirstNames.size()],
                                    static_cast<char>('A' + (i / std::ssize(kFirstNames)) % 26),
                                    i / (std::ssize(kFirstNames) * 26) + 1);
            auto band = kAgeBands[static_cast<std::size_t>(uniform(1, 4))];
            TRY(rows.add({p_.value, name, text::name_key(name), "", std::string(kAgeBands.name(band)), "", now}));
            names.push_back(std::move(name));
        }
        TRY(rows.flush());
        std::map<std::string, YoungPersonId> ids;
        for (const auto& r : rows.returned()) ids[r.text(1)] = YoungPersonId{r.integer(0)};
        BulkInsert links(db_, "young_person_contexts", {"young_person_id", "context_id"});
        people_of_.resize(contexts_.size());
        for (const auto& name : names) {
            auto id = ids.at(name);
            auto first = context_index();
            TRY(links.add({id.value, contexts_[first].value}));
            people_of_[first].push_back(id);
            if (chance(0.3)) {
                auto second = context_index();
                if (second != first) {
                    TRY(links.add({id.value, contexts_[second].value}));
                    people_of_[second].push_back(id);
                }
            }
        }
        TRY(links.flush());
        tell("young people", counts_.young_people, counts_.young_people);
        return {};
    }

    bool has_framework(std::size_t i) const
    {
        auto s = stage_of_[i];
        return i != busy_index_ && (s == ContextStage::Active || s == ContextStage::Review ||
                                    s == ContextStage::Planning || s == ContextStage::Closed);
    }

    // Frameworks as Trellis writes them; their actions, indicators and
    // meetings many rows to a statement, each audited as created.
    Result<void> add_frameworks()
    {
        std::int64_t total = 0;
        for (std::size_t i = 0; i < contexts_.size(); ++i) total += has_framework(i);
        auto now = now_utc();
        BulkInsert actions(db_, "actions",
                           {"goal_id", "what", "owner_agency_id", "owner_name", "start_date", "due_date", "status",
                            "approach", "created_at", "updated_at", "context_id"},
                           "id, goal_id");
        BulkInsert indicators(db_, "indicators",
                              {"partnership_id", "goal_id", "name", "unit", "better", "baseline_milli", "baseline_on",
                               "target_milli", "method", "source", "created_at"},
                              "id, goal_id");
        BulkInsert meetings(db_, "meetings",
                            {"partnership_id", "context_id", "held_on", "meeting_type", "minutes", "author_id",
                             "author_label", "created_at", "invitees"},
                            "id, context_id");
        std::map<std::int64_t, std::pair<std::size_t, std::int64_t>> goal_where;  // goal: context index, start
        for (std::size_t i = 0; i < contexts_.size(); ++i) {
            if (!has_framework(i)) continue;
            const auto* tmpl = template_for(templates_, kind_of_[i]);
            if (!tmpl) return std::unexpected(Error::unavailable("The framework templates are missing."));
            auto start = uniform(60, kDays / 2);
            Framework f = framework_from_template(*tmpl, contexts_[i], "Outcomes framework");
            f.status = stage_of_[i] == ContextStage::Closed ? FrameworkStatus::Closed : FrameworkStatus::Active;
            f.owner = lead_.user;
            f.start_date = day(start);
            f.next_review_date = day(-uniform(10, 120));
            f.areas.resize(std::min<std::size_t>(f.areas.size(), 2));
            for (std::size_t a = 0; a < f.areas.size(); ++a) {
                const auto& library = tmpl->areas[a].goals;
                for (std::size_t g = 0; g < 2 && g < library.size(); ++g) {
                    Goal goal;
                    goal.statement = library[g];
                    goal.status = GoalStatus::InProgress;
                    const auto& author = worker();
                    auto write = [&](Stage st, std::string text) {
                        goal.stage(st) = StageEntry{std::move(text), author.user, author.label, now, 1};
                    };
                    write(Stage::Scoping, fmt::format("{} {}. {}", pick(kWho), pick(kWhere), pick(kSaw)));
                    write(Stage::Measuring, fmt::format("We will know this has changed when young people tell us "
                                                        "so, and the monthly count of enforcement-led responses "
                                                        "falls. {}",
                                                        pick(kNext)));
                    write(Stage::Action, pick(kActions));
                    if (chance(0.4)) write(Stage::Outcome, fmt::format("{} {}", pick(kSaw), pick(kNext)));
                    f.areas[a].goals.push_back(std::move(goal));
                }
            }
            auto id = TRY(store::frameworks::create(db_, p_, f));
            created_.push_back({lead_, {p_, "create", "framework", id.value, contexts_[i], "generated"}, now});
            ++report_.frameworks;
            frameworks_.push_back({i, id});
            auto goals = TRY(db_.query("SELECT id FROM goals WHERE framework_id = $1", {id.value}));
            for (const auto& row : goals.rows) {
                GoalId goal{row.integer(0)};
                goals_of_[i].push_back(goal);
                goal_where[goal.value] = {i, start};
                for (std::int64_t n = uniform(1, 2); n > 0; --n)
                    TRY(actions.add(
                        {goal.value, std::string(pick(kActions)), agency().value,
                         fmt::format("{} {}", pick(kFirstNames), pick(kStems)), day(start), day(uniform(-90, start)),
                         std::string(kActionStatuses.name(kActionStatuses[static_cast<std::size_t>(uniform(0, 3))])),
                         std::string(kApproaches.name(chance(0.75) ? Approach::Relational : Approach::Disruption)), now,
                         now, contexts_[i].value}));
                TRY(indicators.add({p_.value, goal.value, "Trusted adults named per young person", "",
                                    std::string(kBetter.name(Better::Higher)), uniform(0, 10) * 100, day(start),
                                    std::int64_t{2000}, "The who-do-you-trust activity, repeated with the group.",
                                    std::string(kIndicatorSources.name(IndicatorSource::Entered)), now}));
            }
            for (int m = 0; m < 2; ++m)
                TRY(meetings.add(
                    {p_.value, contexts_[i].value, day(uniform(0, start)),
                     std::string(kMeetingTypes.name(MeetingType::MultiAgency)),
                     fmt::format("{} {}. {} Partners agreed: {}", pick(kWho), pick(kWhere), pick(kSaw), pick(kActions)),
                     lead_.user->value, lead_.label, now, ""}));
            tell("frameworks", report_.frameworks, total);
        }
        TRY(actions.flush());
        TRY(indicators.flush());
        TRY(meetings.flush());
        report_.goals = std::ssize(goal_where);
        for (const auto& r : actions.returned()) {
            auto i = goal_where.at(r.integer(1)).first;
            created_.push_back({lead_, {p_, "create", "action", r.integer(0), contexts_[i], "generated"}, now});
        }
        report_.actions = actions.written();
        BulkInsert measurements(
            db_, "measurements",
            {"indicator_id", "measured_on", "value_milli", "note", "author_id", "author_label", "created_at"});
        for (const auto& r : indicators.returned()) {
            auto [i, start] = goal_where.at(r.integer(1));
            created_.push_back({lead_, {p_, "create", "indicator", r.integer(0), contexts_[i], "generated"}, now});
            for (std::int64_t back = start - 30; back > 0; back -= uniform(45, 90))
                TRY(measurements.add(
                    {r.integer(0), day(back), uniform(0, 25) * 100, "", lead_.user->value, lead_.label, now}));
        }
        TRY(measurements.flush());
        report_.indicators = indicators.written();
        BulkInsert attendees(db_, "meeting_attendees", {"meeting_id", "agency_id"});
        for (const auto& r : meetings.returned()) {
            std::set<std::int64_t> agencies = {agencies_[0].first.value, agencies_[1].first.value, agency().value};
            for (auto a : agencies) TRY(attendees.add({r.integer(0), a}));
            auto i = context_of(ContextId{r.integer(1)});
            created_.push_back({lead_, {p_, "create", "meeting", r.integer(0), contexts_[i], "generated"}, now});
        }
        TRY(attendees.flush());
        report_.meetings = meetings.written();
        return {};
    }

    Result<void> add_runs()
    {
        BulkInsert runs(
            db_, "activity_runs",
            {"partnership_id", "context_id", "kind", "run_on", "note", "author_id", "author_label", "created_at"},
            "id, context_id");
        auto now = now_utc();
        for (auto [i, framework] : frameworks_) {
            const auto& author = worker();
            TRY(runs.add({p_.value, contexts_[i].value, std::string(kActivityKinds.name(ActivityKind::Trust)),
                          day(uniform(30, kDays / 2)), "Run with the group where they meet.", author.user->value,
                          author.label, now}));
            ++report_.runs;
        }
        TRY(runs.flush());
        BulkInsert participants(db_, "run_participants", {"run_id", "position", "young_person_id", "label"});
        for (const auto& r : runs.returned())
            for (std::int64_t pos = 0; pos < 6; ++pos)
                TRY(participants.add({r.integer(0), pos, nullptr, fmt::format("Young person {}", pos + 1)}));
        TRY(participants.flush());
        return {};
    }

    Result<void> add_evidence()
    {
        BulkInsert rows(db_, "evidence",
                        {"partnership_id", "context_id", "recorded_on", "method", "unnamed_young_people", "adults",
                         "provenance", "narrative", "author_id", "author_label", "created_at"},
                        "id, context_id");
        BulkInsert named(db_, "evidence_young_people", {"evidence_id", "young_person_id"});
        BulkInsert stages(db_, "evidence_stages", {"evidence_id", "goal_id", "stage"});
        auto now = now_utc();
        // Links are made per batch, from the ids the batch returned.
        auto link = [&]() -> Result<void> {
            for (const auto& r : rows.returned()) {
                auto i = context_of(ContextId{r.integer(1)});
                const auto& people = people_of_[i];
                if (!people.empty() && chance(0.3))
                    TRY(named.add(
                        {r.integer(0), people[static_cast<std::size_t>(uniform(0, std::ssize(people) - 1))].value}));
                auto goals = goals_of_.find(i);
                if (goals != goals_of_.end() && chance(0.2))
                    TRY(stages.add(
                        {r.integer(0),
                         goals->second[static_cast<std::size_t>(uniform(0, std::ssize(goals->second) - 1))].value,
                         std::string(to_string(kStages[static_cast<std::size_t>(uniform(0, 3))]))}));
            }
            rows.clear_returned();
            return {};
        };
        for (std::int64_t n = 0; n < counts_.evidence; ++n) {
            auto i = context_index();
            const auto& author = worker();
            TRY(rows.add({p_.value, contexts_[i].value, day(uniform(0, kDays)),
                          std::string(kEvidenceMethods.name(kEvidenceMethods[static_cast<std::size_t>(uniform(2, 3))])),
                          uniform(0, 6), "",
                          std::string(kProvenances.name(kProvenances[static_cast<std::size_t>(uniform(0, 2))])),
                          fmt::format("{} {}. {} {}", pick(kWho), pick(kWhere), pick(kSaw), pick(kNext)),
                          author.user->value, author.label, now}));
            if (!rows.returned().empty()) TRY(link());
            if (n % 5000 == 0) tell("evidence", n, counts_.evidence);
        }
        TRY(rows.flush());
        TRY(link());
        TRY(named.flush());
        TRY(stages.flush());
        tell("evidence", counts_.evidence, counts_.evidence);
        return {};
    }

    Result<void> add_voices()
    {
        // The quote is found again from the returned row by its words.
        BulkInsert rows(db_, "voices",
                        {"partnership_id", "context_id", "spoken_on", "speaker", "young_person_id", "quote",
                         "author_id", "author_label", "created_at"},
                        "id, context_id, quote");
        BulkInsert themes(db_, "voice_themes", {"voice_id", "theme"});
        std::map<std::pair<std::int64_t, std::string_view>, std::int64_t> counted;  // context, theme
        auto tag = [&]() -> Result<void> {
            for (const auto& r : rows.returned()) {
                auto words = r.text(2);
                auto quote = std::ranges::find_if(kQuotes, [&](const Quote& q) { return words == q.words; });
                if (quote == kQuotes.end()) continue;
                for (std::string_view theme : quote->themes)
                    if (!theme.empty()) {
                        TRY(themes.add({r.integer(0), std::string(theme)}));
                        ++counted[{r.integer(1), theme}];
                    }
            }
            rows.clear_returned();
            return {};
        };
        auto now = now_utc();
        for (std::int64_t n = 0; n < counts_.voices; ++n) {
            auto i = context_index();
            const auto& people = people_of_[i];
            bool young = !people.empty() && chance(0.7);
            const auto& author = worker();
            TRY(rows.add({p_.value, contexts_[i].value, day(uniform(0, kDays)),
                          std::string(kSpeakers.name(young ? Speaker::YoungPerson : Speaker::ParentOrCarer)),
                          young
                              ? store::Param{people[static_cast<std::size_t>(uniform(0, std::ssize(people) - 1))].value}
                              : store::Param{nullptr},
                          std::string(pick(kQuotes).words), author.user->value, author.label, now}));
            if (!rows.returned().empty()) TRY(tag());
        }
        TRY(rows.flush());
        TRY(tag());
        TRY(themes.flush());
        // Added to what the demo's own quotes counted already.
        for (const auto& [key, quotes] : counted)
            TRY(
                db_.query("INSERT INTO voice_theme_counts (partnership_id, context_id, theme, quotes) "
                          "VALUES ($1, $2, $3, $4) ON CONFLICT (context_id, theme) "
                          "DO UPDATE SET quotes = voice_theme_counts.quotes + excluded.quotes",
                          {p_.value, key.first, std::string(key.second), quotes}));
        tell("voices", counts_.voices, counts_.voices);
        return {};
    }

    Result<void> add_responses()
    {
        BulkInsert rows(db_, "responses",
                        {"partnership_id", "context_id", "occurred_on", "agency", "response_type", "framing", "place",
                         "young_people", "source", "created_at"});
        std::map<std::tuple<std::size_t, std::string, Framing>, std::int64_t> months;
        auto now = now_utc();
        for (std::int64_t n = 0; n < counts_.responses; ++n) {
            auto i = context_index();
            auto type = kResponseTypes[static_cast<std::size_t>(uniform(0, 10))];
            auto framing = usual_framing(type).value_or(Framing::Welfare);
            auto date = day(uniform(0, kDays));
            ++months[{i, date.substr(0, 7), framing}];
            TRY(rows.add({p_.value, contexts_[i].value, date,
                          std::string(framing == Framing::Enforcement ? kAgencies[1] : pick(kAgencies)),
                          std::string(to_string(type)), std::string(to_string(framing)),
                          fmt::format("{} {}", pick(kStems), pick(kPlaceWords)), uniform(1, 8), "generated", now}));
            if (n % 20000 == 0) tell("responses", n, counts_.responses);
        }
        TRY(rows.flush());
        // Added to what the demo's own log counted already.
        for (const auto& [key, count] : months)
            TRY(
                db_.query("INSERT INTO response_months (partnership_id, context_id, month, framing, responses) "
                          "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (context_id, month, framing) "
                          "DO UPDATE SET responses = response_months.responses + excluded.responses",
                          {p_.value, contexts_[std::get<0>(key)].value, std::get<1>(key),
                           std::string(to_string(std::get<2>(key))), count}));
        tell("responses", counts_.responses, counts_.responses);
        return {};
    }

    // The trail of three years of work: mostly people opening contexts and
    // frameworks, oldest first.
    Result<void> add_views()
    {
        std::map<std::size_t, FrameworkId> framework_of;
        for (auto [i, f] : frameworks_) framework_of[i] = f;
        constexpr std::int64_t kChunk = 50'000;
        auto first = std::chrono::sys_seconds{today_ - std::chrono::days{kDays}};
        double step =
            static_cast<double>(kDays) * 86400.0 / static_cast<double>(std::max<std::int64_t>(1, counts_.audit_rows));
        for (std::int64_t done = 0; done < counts_.audit_rows;) {
            std::vector<store::audit::PastEvent> events;
            for (; done < counts_.audit_rows && std::ssize(events) < kChunk; ++done) {
                auto i = context_index();
                auto f = framework_of.find(i);
                bool framework = f != framework_of.end() && chance(0.5);
                auto at = first + std::chrono::seconds{static_cast<std::int64_t>(static_cast<double>(done) * step)};
                const auto& who = worker();
                events.push_back({who,
                                  {p_, "view", framework ? "framework" : "context",
                                   framework ? f->second.value : contexts_[i].value, contexts_[i], ""},
                                  fmt::format("{:%Y-%m-%dT%H:%M:%S}.000000Z", at)});
            }
            TRY(store::audit::record_generated_history(db_, events));
            tell("audit rows", done, counts_.audit_rows);
        }
        return {};
    }

    Result<void> close_contexts()
    {
        auto now = now_utc();
        for (std::size_t i = 0; i < contexts_.size(); ++i) {
            if (stage_of_[i] != ContextStage::Closed) continue;
            TRY(db_.query("UPDATE contexts SET stage = 'closed' WHERE id = $1", {contexts_[i].value}));
            TRY(
                db_.query("INSERT INTO context_stages (partnership_id, context_id, stage, entered_at, reason) "
                          "VALUES ($1, $2, 'closed', $3, $4)",
                          {p_.value, contexts_[i].value, now, "Generated for measuring Trellis: the work ended"}));
        }
        return {};
    }

    static constexpr std::uint64_t kSeed = 20261204;
    store::Connection& db_;
    PartnershipId p_;
    ContextId busy_;
    const std::vector<FrameworkTemplate>& templates_;
    ScaleCounts counts_;
    const Progress& progress_;
    std::chrono::sys_days today_;
    std::mt19937_64 rng_{kSeed};
    ScaleReport report_;

    Actor lead_;
    UserId demo_practitioner_;
    std::vector<std::pair<AgencyId, std::string>> agencies_;
    std::vector<Actor> workers_;
    std::vector<ContextId> contexts_;
    std::vector<ContextStage> stage_of_;
    std::vector<ContextKind> kind_of_;
    std::size_t busy_index_ = 0;
    std::vector<std::vector<YoungPersonId>> people_of_;
    std::vector<std::pair<std::size_t, FrameworkId>> frameworks_;
    std::map<std::size_t, std::vector<GoalId>> goals_of_;
    std::map<std::int64_t, std::size_t> index_of_;  // context id: its index
    std::vector<store::audit::PastEvent> created_;  // audit rows of what was made
};

}  // namespace

ScaleCounts counts_for(int scale)
{
    ScaleCounts c;
    for (auto* n : {&c.contexts, &c.young_people, &c.evidence, &c.voices, &c.responses, &c.audit_rows, &c.users})
        *n *= scale;
    return c;
}

Result<ScaleReport> grow_demo(store::Connection& db, PartnershipId p, ContextId busy,
                              const std::vector<FrameworkTemplate>& templates, const ScaleCounts& counts,
                              const Progress& progress)
{
    auto tx = TRY(store::Transaction::begin(db));
    auto report = TRY(Generator(db, p, busy, templates, counts, progress).run());
    TRY(tx.commit());
    return report;
}

Result<ScaleDemo> create_scale_demo(store::Connection& db, const std::vector<FrameworkTemplate>& templates,
                                    const ScaleCounts& counts, const Progress& progress)
{
    auto tx = TRY(store::Transaction::begin(db));
    ScaleDemo made;
    made.demo = TRY(create_demo(db, templates));
    made.grown = TRY(grow_demo(db, made.demo.partnership, made.demo.group, templates, counts, progress));
    if (progress) progress("committing", 0, 0);
    TRY(tx.commit());
    return made;
}

}  // namespace trellis::service
