#include "service/demo.hpp"

#include "domain/lifecycle.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "service/frameworks.hpp"
#include "service/lifecycle.hpp"
#include "service/passwords.hpp"
#include "service/users.hpp"
#include "store/action_repo.hpp"
#include "store/activity_repo.hpp"
#include "store/audit_repo.hpp"
#include "store/context_repo.hpp"
#include "store/evidence_repo.hpp"
#include "store/framework_repo.hpp"
#include "store/indicator_repo.hpp"
#include "store/lifecycle_repo.hpp"
#include "store/meeting_repo.hpp"
#include "store/partnership_repo.hpp"
#include "store/peer_repo.hpp"
#include "store/privacy_repo.hpp"
#include "store/response_repo.hpp"
#include "store/subject_repo.hpp"
#include "store/user_repo.hpp"

namespace trellis::service {
namespace {

struct DemoGoal {
    const char* statement;
    GoalStatus status;
    const char* stages[4];
};

// Written for Trellis: a fictional friendship group who meet in a park, modelled
// on the situation of the Contextual Safeguarding exemplar.
constexpr DemoGoal kGoals[] = {
    {"Young people in the group know adults nearby who they trust and who treat them with respect",
     GoalStatus::Reached,
     {"Over six evening sessions our detached youth workers met the group on the benches by the Hollins Park skate "
      "area and outside the chip shop on Millbrook Road. In the 'who do you trust' activity the eight young people "
      "between them named only five adults they would go to if something went wrong, and three named nobody. They "
      "described police, park staff and shop workers as adults who \"stare at us\" and \"always think it was us\". "
      "The adults they did name were a youth worker from the Friday club and a football coach at Riverside College.",
      "The goal is reached when most of the group can each name at least two adults in the area who they trust and "
      "feel respected by. We will repeat the 'who do you trust' activity with the same group about six months after "
      "the baseline, compare the number of trusted adults named per young person and by role, and listen for how "
      "they now describe contact with adults.",
      "Detached youth workers keep a regular Tuesday and Friday presence in the park and agree with the group what a "
      "weekly session could look like and where it should be.\n\nWith the group we will co-design a project to "
      "improve the skate area, inviting Riverside College sports staff and the residents' association to take part, "
      "so the young people get to know adults who want them there. Youth workers will introduce the group to the "
      "staff running the new youth evening at Hollins Leisure Centre.",
      "At the follow-up activity the group named more trusted adults than at the baseline, among them college staff, "
      "the leisure centre's youth evening lead and two residents from the skate-area project. Two young people told "
      "youth workers they had asked a college tutor for help after a fight near the bus station.\n\nYouth workers "
      "recorded that the group now stays to talk when approached instead of walking away."}},
    {"Young people have safe, welcoming places nearby where they can spend time together and have fun",
     GoalStatus::PartlyReached,
     {"We walked Hollins Park and Millbrook Road with the group and ran a mapping activity. Young people marked the "
      "skate area and the basketball court as places they belong, and the underpass and the car park behind the "
      "shops as places they avoid after dark. They said there is \"nowhere to go that doesn't cost money\" and that "
      "they are regularly told to leave the shopping precinct. Parents at the community centre coffee morning said "
      "the same: nothing for teenagers to do locally in the evenings, especially in winter.",
      "The goal is reached when young people can name places nearby where they feel safe and welcome, and describe "
      "having things to do together. We will repeat the mapping activity at follow-up, compare the places marked "
      "safe and fun with the baseline, and ask parents at the coffee morning whether they notice a difference.",
      "We will take the mapping findings to the monthly community resources group and ask for a free youth evening "
      "at Hollins Leisure Centre. With the council's parks team and the residents' association we will bid for "
      "lighting on the path by the underpass and new ramps in the skate area.\n\nRiverside College will open its "
      "sports hall on Wednesday evenings over the winter months.",
      "The leisure centre now runs a free Thursday youth evening and most of the group go regularly. New ramps are "
      "in place; the path lighting is still waiting for funding. In the follow-up mapping the group marked more "
      "places as safe and fun than at the baseline. Parents said they worry less when they know where the group "
      "is."}},
    {"Agencies respond to the group with care and support rather than enforcement and blame",
     GoalStatus::ReadyForReview,
     {"At a multi-agency meeting, and in conversations with young people and parents, we found that incidents "
      "involving the group were mostly logged as anti-social behaviour. Police had used dispersal directions in the "
      "park on several weekends and two young people had been warned about Community Protection Notices. Young "
      "people said they feel \"watched\" and \"moved on\"; parents said they felt blamed rather than helped. A "
      "robbery of one of the group, and reports of older men offering them lifts, had not been treated as "
      "safeguarding concerns.",
      "The goal is reached when young people and parents tell us professionals listen and help rather than blame, "
      "and when agencies' records and meeting minutes describe the group as young people at risk of harm. Each month "
      "we will count enforcement-led responses (dispersals, move-ons, notices) against welfare-led ones and expect "
      "enforcement to fall, and we will review the language of meeting minutes at every framework review.",
      "We will hold two reflective workshops with neighbourhood police, community safety, children's social care, "
      "the college and youth services to share what the young people told us. The community safety partnership will "
      "route incidents involving the group through a safeguarding discussion before any dispersal or notice is "
      "used.\n\nYouth workers will join the Friday evening police patrol so that contact with the group starts with "
      "a conversation.",
      "Since the workshops, dispersal directions in the park have fallen month on month and no new Community "
      "Protection Notice warnings have been given to the group. Minutes of the last two multi-agency meetings talk "
      "about the group's safety, the risk of exploitation and the lack of places to go rather than about "
      "\"nuisance\". Young people say officers now \"talk to us first\"."}},
};

// The first version of goal 1's Measuring stage, later sharpened by the lead:
// the demo shows that earlier versions stay readable.
constexpr const char* kFirstMeasuringDraft =
    "We will know the goal is reached when young people tell us there are adults around them they trust. We will "
    "run the 'who do you trust' activity again.";

struct DemoUser {
    Role role;
    const char* email;
    const char* name;
    const char* agency;  // or nullptr
};

constexpr DemoUser kUsers[] = {
    {Role::Admin, "admin@demo.trellis.test", "Ade Admin", nullptr},
    {Role::Lead, "lead@demo.trellis.test", "Lena Lead", nullptr},
    {Role::Practitioner, "practitioner@demo.trellis.test", "Priya Practitioner", "Westbrook Youth Service"},
    {Role::Partner, "partner@demo.trellis.test", "Paul Partner", "Westbrook Neighbourhood Policing"},
    {Role::Viewer, "viewer@demo.trellis.test", "Vic Viewer", nullptr},
};

// The friendship group's evidence: the register, who-do-you-trust and places
// mapping runs with their follow-ups (the story the framework's outcomes tell
// in prose), evidence records linked to stages, voices, indicators and one
// outcome rating.
Result<void> add_demo_evidence(store::Connection& db, PartnershipId p, ContextId group, const Framework& f,
                               const Actor& practitioner, const Actor& lead)
{
    const GoalId trust_goal = f.areas[0].goals[0].id, places_goal = f.areas[1].goals[0].id,
                 guardians_goal = f.areas[2].goals[0].id;
    struct Person {
        const char* pseudonym;
        const char* ref;
        AgeBand band;
        const char* aliases;
    };
    const Person kPeople[] = {{"the boss", "WY-2231", AgeBand::From16To17, ""},
                              {"J", "", AgeBand::From14To15, ""},
                              {"Kez", "WY-2240", AgeBand::From14To15, "Kezza"},
                              {"Little T", "", AgeBand::From14To15, ""},
                              {"Mo", "", AgeBand::From16To17, ""},
                              {"Sunny", "WY-2252", AgeBand::From16To17, ""},
                              {"Ash", "", AgeBand::From14To15, ""},
                              {"Dee", "", AgeBand::From16To17, ""}};
    std::vector<YoungPersonId> people;
    for (const auto& y : kPeople) {
        YoungPerson person;
        person.pseudonym = y.pseudonym;
        person.local_ref = y.ref;
        person.age_band = y.band;
        person.contexts = {group};
        person.aliases = y.aliases;
        people.push_back(TRY(store::young_people::create(db, p, person, practitioner)));
    }

    // The peer map: who in the group is linked to whom (indexes into kPeople).
    struct Tie {
        std::size_t a, b;
        LinkSource source;
        LinkReliability reliability;
        const char* note;
    };
    const Tie kTies[] = {
        {0, 1, LinkSource::Observed, LinkReliability::Confirmed, "Together at the skate area most evenings in March."},
        {0, 2, LinkSource::Observed, LinkReliability::Confirmed, ""},
        {0, 4, LinkSource::ToldByYoungPerson, LinkReliability::Likely, "Mo says the boss is his cousin."},
        {1, 3, LinkSource::Activity, LinkReliability::Likely, "Named each other in the who-do-you-trust activity."},
        {2, 5, LinkSource::ToldByPartner, LinkReliability::Unverified, "Reported by the college's pastoral team."},
        {5, 6, LinkSource::Observed, LinkReliability::Confirmed, ""},
        {6, 7, LinkSource::Online, LinkReliability::Unverified,
         "Appear together in a group chat one of the "
         "group showed a worker."},
    };
    for (const auto& t : kTies) {
        PeerLink link;
        link.context = group;
        link.a = people[t.a];
        link.b = people[t.b];
        link.source = t.source;
        link.reliability = t.reliability;
        link.note = t.note;
        TRY(store::peer_links::create(db, p, link, lead));
    }

    // A parent's subject access request about Kez, waiting for proof of identity.
    SubjectRequest request;
    request.kind = RequestKind::Access;
    request.requester = "Kez's mum";
    request.relationship = Relationship::Parent;
    request.young_person = people[2];
    request.subject = kPeople[2].pseudonym;
    request.received_on = add_days(today_utc(), -5);
    request.notes = "Asked at the youth club what the youth service writes down about her son.";
    request.status = RequestStatus::AwaitingIdentity;
    request.paused_on = add_days(today_utc(), -3);
    TRY(store::subject_requests::create(db, p, request, lead));

    // Who do you trust: adults named by role, per participant; "*" marks feeling respected.
    using R = AdultRole;
    struct Named {
        R role;
        int adults;
        bool respected;
    };
    const std::vector<std::vector<Named>> kBaseline = {{{R::YouthWorker, 1, true}},
                                                       {{R::SportsCoach, 1, true}},
                                                       {{R::YouthWorker, 1, false}},
                                                       {{R::SportsCoach, 1, true}},
                                                       {},
                                                       {{R::YouthWorker, 1, true}},
                                                       {},
                                                       {}};
    const std::vector<std::vector<Named>> kFollowUp = {
        {{R::YouthWorker, 1, true}, {R::TeacherOrCollege, 1, true}, {R::SportsCoach, 1, true}},
        {{R::YouthWorker, 1, true}, {R::Resident, 1, true}},
        {{R::YouthWorker, 1, true}, {R::Other, 1, true}, {R::ParentOrCarer, 1, true}},
        {{R::SportsCoach, 1, true}, {R::TeacherOrCollege, 1, false}},
        {{R::YouthWorker, 1, true}},
        {{R::YouthWorker, 1, true}, {R::Resident, 1, true}, {R::Other, 1, true}},
        {{R::YouthWorker, 1, true}, {R::TeacherOrCollege, 1, true}},
        {{R::YouthWorker, 1, true}, {R::SportsCoach, 1, true}, {R::ParentOrCarer, 1, false}}};
    auto trust_run = [&](const char* date, const std::vector<std::vector<Named>>& named, std::optional<RunId> follows,
                         const char* note) -> Result<RunId> {
        ActivityRun run{{}, group, ActivityKind::Trust, date, follows, note, {}, {}};
        for (std::size_t i = 0; i < named.size(); ++i) {
            Participant part{people[i], "", {}, {}};
            for (const auto& n : named[i]) part.trusted.push_back({n.role, n.adults, n.respected});
            run.participants.push_back(std::move(part));
        }
        return store::activities::create(db, p, run, practitioner);
    };
    RunId trust_baseline = TRY(
        trust_run("2026-03-04", kBaseline, std::nullopt, "Run on the benches by the skate area over two evenings."));
    TRY(trust_run("2026-09-16", kFollowUp, trust_baseline, "The same eight, at the leisure centre youth evening."));

    using C = PlaceCategory;
    struct Mark {
        const char* place;
        C category;
    };
    const std::vector<std::vector<Mark>> kPlacesBefore = {
        {{"Hollins Park skate area", C::Unsafe}, {"Underpass to the shops", C::Unsafe}, {"Chip shop", C::Safe}},
        {{"Hollins Park skate area", C::Fun}, {"Underpass to the shops", C::Unsafe}, {"Friday youth club", C::Safe}},
        {{"Hollins Park skate area", C::Unsafe}, {"Millbrook Road shops", C::NothingToDo}, {"Chip shop", C::Fun}},
        {{"Underpass to the shops", C::Unsafe},
         {"Millbrook Road shops", C::NothingToDo},
         {"Friday youth club", C::Safe}},
        {{"Hollins Park skate area", C::Unsafe}, {"Underpass to the shops", C::Unsafe}, {"Chip shop", C::Safe}},
        {{"Hollins Park skate area", C::Unsafe},
         {"Millbrook Road shops", C::Unsafe},
         {"Friday youth club", C::Safe},
         {"Underpass to the shops", C::Unsafe},
         {"Millbrook Road shops", C::NothingToDo}}};
    const std::vector<std::vector<Mark>> kPlacesAfter = {
        {{"Hollins Park skate area", C::Fun}, {"Hollins Leisure Centre", C::Safe}, {"Chip shop", C::Safe}},
        {{"Hollins Park skate area", C::Safe}, {"Underpass to the shops", C::Unsafe}, {"Friday youth club", C::Safe}},
        {{"Hollins Park skate area", C::Fun},
         {"Hollins Leisure Centre", C::Fun},
         {"Millbrook Road shops", C::NothingToDo}},
        {{"Hollins Leisure Centre", C::Safe}, {"Friday youth club", C::Safe}, {"Underpass to the shops", C::Unsafe}},
        {{"Hollins Park skate area", C::Safe}, {"Hollins Leisure Centre", C::Safe}, {"Chip shop", C::Safe}},
        {{"Hollins Park skate area", C::Fun},
         {"Hollins Leisure Centre", C::Safe},
         {"Friday youth club", C::Safe},
         {"Underpass to the shops", C::Unsafe}}};
    auto places_run = [&](const char* date, const std::vector<std::vector<Mark>>& marks,
                          std::optional<RunId> follows) -> Result<RunId> {
        ActivityRun run{{}, group, ActivityKind::Places, date, follows, "", {}, {}};
        for (std::size_t i = 0; i < marks.size(); ++i) {
            Participant part{people[i], "", {}, {}};
            for (const auto& m : marks[i]) part.places.push_back({m.place, m.category, std::nullopt, std::nullopt});
            run.participants.push_back(std::move(part));
        }
        return store::activities::create(db, p, run, practitioner);
    };
    RunId places_baseline = TRY(places_run("2026-03-11", kPlacesBefore, std::nullopt));
    TRY(places_run("2026-09-23", kPlacesAfter, places_baseline));

    struct Record {
        const char* date;
        EvidenceMethod method;
        Provenance provenance;
        std::vector<std::size_t> who;
        int unnamed;
        std::vector<AdultRole> adults;
        std::vector<StageRef> supports;
        const char* narrative;
    };
    const Record kRecords[] = {
        {"2026-03-04",
         EvidenceMethod::WhoDoYouTrust,
         Provenance::ToldDirectly,
         {0, 1, 2, 3, 4, 5, 6, 7},
         0,
         {AdultRole::YouthWorker},
         {{trust_goal, Stage::Scoping}, {trust_goal, Stage::Measuring}},
         "Baseline who-do-you-trust activity with all eight. Between them they named five adults; three named "
         "nobody. Police, park staff and shop workers were described as adults who \"stare at us\"."},
        {"2026-03-11",
         EvidenceMethod::PlacesMapping,
         Provenance::ToldDirectly,
         {0, 1, 2, 3, 4, 5},
         0,
         {AdultRole::YouthWorker},
         {{places_goal, Stage::Scoping}},
         "Mapping on a printed map of the park and Millbrook Road. The underpass and the skate area were marked "
         "unsafe by most; the only safe places were the chip shop and the Friday youth club."},
        {"2026-05-21",
         EvidenceMethod::Observation,
         Provenance::Seen,
         {0, 2, 5},
         3,
         {AdultRole::YouthWorker, AdultRole::Other},
         {{places_goal, Stage::Action}},
         "Second Thursday youth evening at the leisure centre: six of the group came, stayed until closing and "
         "asked the duty manager about a basketball league."},
        {"2026-09-16",
         EvidenceMethod::WhoDoYouTrust,
         Provenance::ToldDirectly,
         {0, 1, 2, 3, 4, 5, 6, 7},
         0,
         {AdultRole::YouthWorker},
         {{trust_goal, Stage::Outcome}},
         "Follow-up who-do-you-trust activity with the same eight: nineteen trusted adults named, seven of the "
         "eight naming at least two, including college staff and residents from the skate-area project."},
        {"2026-09-23",
         EvidenceMethod::PlacesMapping,
         Provenance::ToldDirectly,
         {0, 1, 2, 3, 4, 5},
         0,
         {AdultRole::YouthWorker},
         {{places_goal, Stage::Outcome}},
         "Follow-up mapping: the leisure centre and the new skate ramps are now marked safe or fun; the underpass "
         "is still marked unsafe, and the lighting bid is pending."},
        {"2026-10-08",
         EvidenceMethod::MultiAgency,
         Provenance::ToldDirectly,
         {},
         0,
         {AdultRole::Police, AdultRole::YouthWorker},
         {{guardians_goal, Stage::Outcome}},
         "Safeguarding discussion before any enforcement: three held since June. Police reported that the Friday "
         "patrol now starts with a conversation and no dispersal has been used since the summer."},
    };
    for (const auto& r : kRecords) {
        EvidenceRecord e;
        e.context = group;
        e.date = r.date;
        e.method = r.method;
        e.provenance = r.provenance;
        for (auto i : r.who) e.young_people.push_back(people[i]);
        e.unnamed_young_people = r.unnamed;
        e.adults = r.adults;
        e.supports = r.supports;
        e.narrative = r.narrative;
        TRY(store::evidence::create(db, p, e, practitioner));
    }

    struct Said {
        const char* date;
        Speaker speaker;
        std::optional<std::size_t> who;
        const char* quote;
        const char* themes;
    };
    const Said kVoices[] = {
        {"2026-03-04", Speaker::YoungPerson, 0, "The only adults who talk to us round here are telling us to move.",
         "trust, police"},
        {"2026-03-11", Speaker::YoungPerson, 2, "There's nowhere to go that's ours. The underpass is grim at night.",
         "places, safety"},
        {"2026-07-02", Speaker::ParentOrCarer, std::nullopt,
         "He comes home and talks about the youth workers and the football, not about who moved them on.", "trust"},
        {"2026-09-16", Speaker::YoungPerson, 5, "Thursdays at the leisure centre feel like they're for us now.",
         "places, trust"},
        {"2026-10-08", Speaker::Partner, std::nullopt,
         "Starting every contact with a conversation changed how the group respond to us.", "police, guardianship"},
    };
    for (const auto& v : kVoices) {
        Voice voice{{}, group, v.date, v.speaker, std::nullopt, "", v.quote, parse_themes(v.themes), ""};
        if (v.who) voice.young_person = people[*v.who];
        TRY(store::voices::create(db, p, voice, practitioner));
    }

    Indicator trusted{{},
                      trust_goal,
                      "Trusted adults named per young person",
                      "adults",
                      Better::Higher,
                      std::nullopt,
                      "",
                      2.0,
                      "The who-do-you-trust activity with the same group, about six months apart.",
                      IndicatorSource::TrustedAdultsPerYoungPerson,
                      {}};
    TRY(store::indicators::create(db, p, trusted, lead));
    Indicator safe{{},
                   places_goal,
                   "Places the group mark as safe",
                   "places",
                   Better::Higher,
                   std::nullopt,
                   "",
                   4.0,
                   "Places mapping with the group at the start and again after the leisure evening and ramps.",
                   IndicatorSource::PlacesMarkedSafe,
                   {}};
    TRY(store::indicators::create(db, p, safe, lead));
    // Computed from the response log, whose enforcement-led line falls from June.
    Indicator enforcement{{},
                          guardians_goal,
                          "Enforcement-led responses a month",
                          "responses",
                          Better::Lower,
                          std::nullopt,
                          "",
                          2.0,
                          "Counted from the context's response log.",
                          IndicatorSource::EnforcementResponses,
                          {}};
    TRY(store::indicators::create(db, p, enforcement, lead));
    TRY(store::outcomes::rate(db, p, places_goal, OutcomeRating::PartlyReached,
                              "The group mark more places as safe than at the baseline and use the leisure evening "
                              "and the ramps; the path lighting still waits for funding.",
                              lead));
    return store::outcomes::rate(db, p, trust_goal, OutcomeRating::Reached,
                                 "Trusted adults named per young person rose from 0.63 to 2.38 between the March "
                                 "and September who-do-you-trust runs; seven of the eight now name at least two.",
                                 lead);
}

}  // namespace

Result<DemoReport> create_demo(store::Connection& db, const std::vector<FrameworkTemplate>& templates)
{
    auto tmpl = std::ranges::find(templates, std::string("friendship-and-peer-group"), &FrameworkTemplate::key);
    if (tmpl == templates.end())
        return std::unexpected(Error::unavailable("The friendship-and-peer-group template is missing."));

    // Hash passwords before the transaction: each takes a noticeable moment.
    DemoReport report;
    std::vector<std::string> hashes;
    for (const auto& u : kUsers) {
        report.sign_ins.push_back({u.role, u.email, generate_password()});
        hashes.push_back(TRY(hash_password(report.sign_ins.back().password)));
    }

    auto tx = TRY(store::Transaction::begin(db));
    Actor cli = Actor::command_line();
    auto existing = store::partnerships::find_by_slug(db, kDemoSlug);
    if (existing) return std::unexpected(Error::conflict("The demo partnership already exists."));
    PartnershipId p = TRY(store::partnerships::create(db, {{},
                                                           std::string(kDemoSlug),
                                                           "Westbrook Safeguarding "
                                                           "Partnership (demo)"}));
    report.partnership = p;

    struct AgencySeed {
        const char* name;
        AgencyKind kind;
    };
    constexpr AgencySeed kAgencies[] = {
        {"Westbrook Youth Service", AgencyKind::YouthService},
        {"Westbrook Neighbourhood Policing", AgencyKind::Police},
        {"Riverside College", AgencyKind::Education},
        {"Hollins Leisure Centre", AgencyKind::Leisure},
        {"Westbrook Community Safety", AgencyKind::CommunitySafety},
        {"Millbrook Residents' Association", AgencyKind::ResidentsGroup},
    };
    for (const auto& a : kAgencies) TRY(store::partnerships::create_agency(db, {{}, p, a.name, a.kind, "", "", ""}));
    auto agencies = TRY(store::partnerships::agencies(db, p));
    // Every demo agency shares under an agreement running two years from today.
    for (const auto& a : agencies)
        TRY(store::privacy::add_agreement(
            db, p,
            {a.id, a.name, "2026-01-01", add_days(today_utc(), 730),
             "Safeguarding young people at risk of harm outside the home in Westbrook: planning and reviewing "
             "the partnership's responses to contexts.",
             "The actions the agency owns or takes part in, with their goal and context; never narratives, evidence "
             "or young people's pseudonyms.",
             ""},
            cli));
    auto agency = [&](const char* name) -> AgencyId {
        auto it = std::ranges::find(agencies, std::string(name), &Agency::name);
        return it == agencies.end() ? AgencyId{} : it->id;
    };

    std::vector<UserId> user_ids;
    for (std::size_t i = 0; i < std::size(kUsers); ++i) {
        const auto& seed = kUsers[i];
        User u;
        u.partnership = p;
        u.email = seed.email;
        u.display_name = seed.name;
        u.role = seed.role;
        if (seed.agency) {
            auto it = std::ranges::find(agencies, std::string(seed.agency), &Agency::name);
            if (it != agencies.end()) u.agency = it->id;
        }
        UserId id = TRY(store::users::create(db, u, hashes[i]));
        TRY(store::audit::record(
            db, cli, {p, "create", "user", id.value, std::nullopt, fmt::format("role={} demo", to_string(u.role))}));
        user_ids.push_back(id);
    }
    UserId lead = user_ids[1];
    UserId practitioner = user_ids[2];
    Actor lead_actor{lead, "Lena Lead", "cli"};

    auto make_context = [&](ContextKind kind, const char* name, const char* description,
                            ContextStage stage = ContextStage::Concern) -> Result<ContextId> {
        Context c;
        c.partnership = p;
        c.kind = kind;
        c.name = name;
        c.description = description;
        c.stage = stage;
        ContextId id = TRY(store::contexts::create(db, c));
        TRY(store::audit::record(db, cli, {p, "create", "context", id.value, id, "demo"}));
        return id;
    };
    ContextId group = TRY(make_context(
        ContextKind::PeerGroup, "Millbrook Road friendship group",
        "A group of about eight friends aged 14 to 17 who spend evenings and weekends together around Hollins Park "
        "and Millbrook Road. Fictional demo data."));
    report.group = group;
    ContextId park = TRY(make_context(ContextKind::Place, "Hollins Park",
                                      "Park with a skate area, basketball court and an underpass to the shops. "
                                      "Fictional demo data."));
    ContextId college = TRY(make_context(ContextKind::School, "Riverside College",
                                         "Further education college attended by several of the group. Fictional "
                                         "demo data.",
                                         ContextStage::Assessment));
    TRY(store::contexts::add_link(db, p, group, park, "meets at"));
    // The demo practitioner works with the friendship group only: signed in as
    // them, Trellis shows that one context.
    TRY(store::allocations::add(db, p, practitioner, group, cli));
    TRY(store::contexts::add_link(db, p, group, college, "attends"));

    // The work before the framework: the group came to attention through a
    // panel's theme and two referrals, was screened to a context assessment,
    // and was assessed along the sides of the peer-group triangle.
    namespace lc = store::lifecycle;
    auto place = [&](const char* name, PlaceKind kind, const char* lat, const char* lon) {
        return lc::add_place(db, p, {{}, name, kind, lat, lon}, cli);
    };
    auto hollins_place = TRY(place("Hollins Park", PlaceKind::Place, "53.4794", "-2.2453"));
    auto shops_place = TRY(place("Millbrook Road shops", PlaceKind::Place, "53.4781", "-2.2431"));
    auto college_place = TRY(place("Riverside College", PlaceKind::School, "", ""));
    auto concern = [&](const char* on, const char* by, ConcernSource source, PlaceId where, ContextId about,
                       const char* summary) -> Result<ConcernId> {
        Concern k;
        k.raised_on = on;
        k.raised_by = by;
        k.source = source;
        k.place = where;
        k.contexts = {about};
        k.summary = summary;
        auto made = TRY(lc::create_concern(db, p, k, ContextKind::PeerGroup, lead_actor));
        return made.id;
    };
    auto screen = [&](ConcernId id, ScreeningDecision d, const char* reference, const char* why) -> Result<void> {
        Concern k;
        k.decision = d;
        k.case_reference = reference;
        k.rationale = why;
        k.decided_on = "2026-02-12";
        return lc::screen(db, p, id, k, lead_actor);
    };
    auto panel = TRY(concern("2026-01-20", "Westbrook exploitation panel (MACE)", ConcernSource::PanelTheme,
                             hollins_place, group,
                             "The panel noted a theme across three referrals: a group of friends who spend evenings "
                             "around Hollins Park and Millbrook Road, seen with older men near the underpass."));
    auto college_referral = TRY(concern(
        "2026-02-03", "Riverside College designated safeguarding lead", ConcernSource::Referral, college_place, group,
        "Attendance of several students from the same friendship group has fallen; staff have heard "
        "talk of 'working' for older men in the evenings."));
    auto police_referral =
        TRY(concern("2026-02-10", "Westbrook Neighbourhood Policing", ConcernSource::Referral, shops_place, group,
                    "Repeated calls about the group outside the Millbrook Road shops; officers noticed older men "
                    "arriving by car when the group was there."));
    TRY(screen(panel, ScreeningDecision::Level2, "",
               "The concern is about the group and the places it spends time, not one child: a context assessment "
               "of the friendship group is needed."));
    TRY(screen(college_referral, ScreeningDecision::Level1, "CIN-48213",
               "One student's situation is already held in their child in need plan; the group is assessed under "
               "the panel's concern."));
    TRY(screen(police_referral, ScreeningDecision::Level2, "",
               "Part of the same context: joined to the assessment of the friendship group."));
    auto assessment_id = TRY(lc::start_assessment(db, p, group, lead_actor));
    struct FindingSeed {
        int side;
        FindingKind kind;
        int weight;
        const char* text;
    };
    constexpr FindingSeed kFindings[] = {
        {0, FindingKind::Concern, 2,
         "The young people trust few adults around them: at first they named youth workers and no one else."},
        {0, FindingKind::Strength, 0, "The friends look out for each other and want to stay together."},
        {1, FindingKind::Concern, 3,
         "The group has nowhere welcoming to spend evenings; they are moved on from the shops and the leisure "
         "centre."},
        {1, FindingKind::Concern, 3,
         "The underpass and the car park behind the shops feel unsafe to them, and older men approach the group "
         "there."},
        {2, FindingKind::Concern, 3,
         "Agencies have treated incidents around the park as anti-social behaviour: dispersal directions and stop "
         "and search rather than safeguarding."},
        {2, FindingKind::Strength, 0, "The residents' association and the leisure centre want to help the group."},
    };
    std::vector<FindingId> findings;
    for (const auto& seed : kFindings)
        findings.push_back(TRY(lc::add_finding(db, p, assessment_id,
                                               {{}, seed.side, seed.kind, seed.text, seed.weight, {}}, 3, lead_actor)));
    TRY(lc::save_discussion(db, p, assessment_id,
                            "Police, community safety, the college, the leisure centre and youth workers met on 5 "
                            "March. Partners agreed that what weighs most is where the group can be and how agencies "
                            "respond to it: the group is being pushed towards the places where older men find them.",
                            lead_actor));
    auto draft = TRY(lc::assessment(db, p, assessment_id));
    draft.completed_on = "2026-03-06";  // as it will be once its sources are linked, below
    auto concerns_of_side = [&](int side) {
        std::vector<FindingId> out;
        for (std::size_t i = 0; i < std::size(kFindings); ++i)
            if (kFindings[i].side == side && kFindings[i].kind == FindingKind::Concern) out.push_back(findings[i]);
        return out;
    };

    Framework f = framework_from_template(*tmpl, group, "Millbrook Road friendship group: outcomes framework");
    f.status = FrameworkStatus::Active;
    f.owner = lead;
    f.start_date = "2026-03-02";
    f.next_review_date = "2027-01-11";
    auto written_at = store::now_utc();
    for (std::size_t a = 0; a < f.areas.size() && a < std::size(kGoals); ++a) {
        Goal goal;
        goal.statement = kGoals[a].statement;
        goal.status = kGoals[a].status;
        for (auto s : kStages) {
            goal.stage(s) = StageEntry{kGoals[a].stages[index(s)], practitioner, "Priya Practitioner", written_at, 1};
        }
        // The goals were chosen from the library; Scoping starts from the findings.
        goal.stage(Stage::Scoping).text = scoping_from(draft, *tmpl, concerns_of_side(static_cast<int>(a)));
        f.areas[a].goals.push_back(std::move(goal));
    }
    // Goal 1's Measuring stage starts as a rough first draft and is then rewritten.
    f.areas[0].goals[0].stage(Stage::Measuring).text = kFirstMeasuringDraft;
    report.framework = TRY(store::frameworks::create(db, p, f));
    TRY(store::audit::record(db, cli, {p, "create", "framework", report.framework.value, group, "demo"}));
    auto loaded = TRY(store::frameworks::load(db, p, report.framework));
    TRY(store::frameworks::write_stage(db, p, loaded.areas[0].goals[0].id, Stage::Measuring,
                                       kGoals[0].stages[index(Stage::Measuring)], lead_actor));
    for (std::size_t a = 0; a < loaded.areas.size() && a < std::size(kGoals); ++a) {
        auto goal = loaded.areas[a].goals[0].id;
        TRY(lc::link_findings(db, goal, concerns_of_side(static_cast<int>(a))));
        TRY(store::frameworks::write_stage(db, p, goal, Stage::Scoping, kGoals[a].stages[index(Stage::Scoping)],
                                           Actor{practitioner, "Priya Practitioner", "cli"}));
    }
    TRY(lc::advance(db, p, group, ContextStage::Planning, "Framework drawn from assessment version 1", lead_actor));
    {
        // The context conference that agreed the goals.
        Meeting m;
        m.context = group;
        m.date = "2026-03-16";
        m.type = MeetingType::ContextConference;
        for (const char* name :
             {"Westbrook Neighbourhood Policing", "Westbrook Community Safety", "Westbrook Youth Service",
              "Riverside College", "Hollins Leisure Centre", "Millbrook Residents' Association"})
            m.attendees.push_back(agency(name));
        m.invitees =
            "Children's social care team manager (chair)\nNeighbourhood policing sergeant\nCommunity safety "
            "officer\nRiverside College designated safeguarding lead\nLeisure centre duty manager\nDetached youth "
            "work lead\nResidents' association chair";
        m.minutes =
            "Partners heard the assessment of the friendship group and agreed its three goals and a plan "
            "that starts from welfare rather than enforcement. The college said Kezza and Mo have asked about "
            "the basketball league; the leisure centre will hold places for the group.";
        for (const auto& area : loaded.areas) m.goals_agreed.push_back(area.goals[0].id);
        auto conference = TRY(store::meetings::create(db, p, m, lead_actor));
        TRY(store::meetings::mark_summary_sent(db, p, conference, "2026-03-17", lead_actor));
    }

    // Actions owned by the partners, mostly welfare-led; one dispersal order
    // that the partnership stopped after the reflective workshop.
    struct ActionSeed {
        std::size_t area;
        const char* what;
        const char* owner;
        const char* owner_name;
        const char* partner;
        Approach approach;
        ActionStatus status;
        const char* start;
        const char* due;
        const char* note;
    };
    const ActionSeed kActions[] = {
        {0, "Detached youth work sessions in Hollins Park on Tuesday and Friday evenings", "Westbrook Youth Service",
         "Priya Practitioner", nullptr, Approach::Relational, ActionStatus::InProgress, "2026-03-09", "2027-03-31",
         "Sessions running every week; the group now suggest activities themselves."},
        {0, "Wednesday football sessions with college sports staff", "Riverside College", "Sports department",
         "Westbrook Youth Service", Approach::Relational, ActionStatus::Done, "2026-04-01", "2026-07-15",
         "Ran all summer term; two college staff were named as trusted adults at follow-up."},
        {1, "Free Thursday youth evening at the leisure centre", "Hollins Leisure Centre", "Duty manager", nullptr,
         Approach::PlacesAndResources, ActionStatus::Done, "2026-05-07", "2026-06-30",
         "Open since May; most of the group attend."},
        {1, "Co-design new skate ramps with the group", "Millbrook Residents' Association", "",
         "Westbrook Youth Service", Approach::PlacesAndResources, ActionStatus::Done, "2026-04-15", "2026-09-30",
         "Ramps installed in September."},
        {1, "Bid for lighting on the path by the underpass", "Westbrook Community Safety", "", nullptr,
         Approach::PlacesAndResources, ActionStatus::InProgress, "2026-06-01", "2026-10-30",
         "Bid submitted; waiting for the funding decision."},
        {2, "Route incidents involving the group through a safeguarding discussion before any dispersal or notice",
         "Westbrook Community Safety", "", "Westbrook Neighbourhood Policing", Approach::Relational,
         ActionStatus::InProgress, "2026-06-15", "2027-01-11", "In place since June; three discussions held."},
        {2, "Friday evening patrol with youth workers, starting every contact with a conversation",
         "Westbrook Neighbourhood Policing", "Neighbourhood sergeant", "Westbrook Youth Service", Approach::Relational,
         ActionStatus::InProgress, "2026-07-03", "2027-01-11", ""},
        {2, "Dispersal order for Hollins Park over the bonfire weekend", "Westbrook Neighbourhood Policing", "",
         nullptr, Approach::Disruption, ActionStatus::Stopped, "2026-10-30", "2026-11-06",
         "Stopped after the reflective workshop: youth workers and the leisure centre ran an evening event instead."},
    };
    // A response log whose enforcement-led responses fall after the
    // welfare-led plan starts (June 2026), while welfare-led ones grow.
    {
        std::vector<ResponseRecord> log;
        const int kEnforcement[] = {9, 11, 8, 7, 5, 3, 2, 2, 1, 1, 0};  // January to November 2026
        const int kWelfare[] = {1, 1, 2, 2, 4, 6, 7, 8, 8, 9, 10};
        const ResponseType kEnforcementTypes[] = {ResponseType::DispersalDirection, ResponseType::MovedOn,
                                                  ResponseType::StopAndSearch};
        const ResponseType kWelfareTypes[] = {ResponseType::YouthWorkOutreach, ResponseType::DiversionaryActivity,
                                              ResponseType::SafeguardingReferral, ResponseType::StrategyMeeting};
        for (int month = 0; month < 11; ++month) {
            for (int i = 0; i < kEnforcement[month]; ++i)
                log.push_back({0, group, fmt::format("2026-{:02}-{:02}", month + 1, 2 + (i * 3) % 26),
                               "Westbrook Neighbourhood Policing", kEnforcementTypes[i % 3], Framing::Enforcement,
                               i % 2 ? "Hollins Park skate area" : "Millbrook Road shops", 3 + i % 5});
            for (int i = 0; i < kWelfare[month]; ++i)
                log.push_back({0, group, fmt::format("2026-{:02}-{:02}", month + 1, 3 + (i * 5) % 25),
                               i % 2 ? "Westbrook Youth Service" : "Westbrook Community Safety", kWelfareTypes[i % 4],
                               Framing::Welfare, "Hollins Park", 4 + i % 4});
        }
        TRY(store::responses::add(db, p, group, log, "demo", cli));
    }

    // A context conference whose decisions became actions.
    {
        Meeting m;
        m.context = group;
        m.date = "2026-06-10";
        m.type = MeetingType::ContextConference;
        for (const char* name : {"Westbrook Neighbourhood Policing", "Westbrook Community Safety",
                                 "Westbrook Youth Service", "Riverside College", "Hollins Leisure Centre"})
            m.attendees.push_back(agency(name));
        m.minutes =
            "Youth workers shared what the group told them in the 'who do you trust' and mapping activities. The "
            "group feel watched and moved on, and have few safe places to spend time together.\n\n"
            "Partners agreed that incidents around the park have been treated as anti-social behaviour rather than "
            "as signs that the young people may be at risk of harm and exploitation. Police described the weekend "
            "dispersals and agreed to review them with community safety.";
        m.decisions = {{DecisionId{},
                        "Hold two reflective workshops on harm outside the home for police, community "
                        "safety, the college and youth services",
                        std::nullopt},
                       {DecisionId{},
                        "Review the language used about the group in agency records at the next "
                        "framework review",
                        std::nullopt}};
        auto meeting = TRY(store::meetings::create(db, p, m, lead_actor));
        auto saved = TRY(store::meetings::get(db, p, meeting));
        Action workshop;
        workshop.goal = loaded.areas[2].goals[0].id;
        workshop.owner_agency = agency("Westbrook Community Safety");
        workshop.partners = {agency("Westbrook Neighbourhood Policing"), agency("Westbrook Youth Service")};
        workshop.approach = Approach::Relational;
        workshop.start_date = "2026-06-20";
        workshop.due_date = "2026-09-30";
        auto workshop_id = TRY(store::meetings::make_action(db, p, saved.decisions[0].id, workshop, lead_actor));
        TRY(store::actions::progress(db, p, workshop_id, ActionStatus::Done,
                                     "Both workshops held in July and September.", lead_actor));
    }

    for (const auto& seed : kActions) {
        Action a;
        a.goal = loaded.areas[seed.area].goals[0].id;
        a.what = seed.what;
        a.owner_agency = agency(seed.owner);
        a.owner_name = seed.owner_name;
        if (seed.partner) a.partners.push_back(agency(seed.partner));
        a.approach = seed.approach;
        a.status = ActionStatus::Planned;
        a.start_date = seed.start;
        a.due_date = seed.due;
        auto id = TRY(store::actions::create(db, p, a, lead_actor));
        if (seed.status != ActionStatus::Planned || *seed.note)
            TRY(store::actions::progress(db, p, id, seed.status, *seed.note ? seed.note : "Started.", lead_actor));
    }
    TRY(add_demo_evidence(db, p, group, loaded, Actor{practitioner, "Priya Practitioner", "cli"}, lead_actor));
    {
        // The assessment cites the first activities with the group, then is complete.
        auto sources = TRY(lc::source_options(db, p, group));
        auto first = [&](std::string_view label_start) -> std::vector<SourceRef> {
            for (auto it = sources.rbegin(); it != sources.rend(); ++it)
                if (it->kind == SourceKind::Activity && it->label.starts_with(label_start)) return {*it};
            return {};
        };
        TRY(lc::add_sources(db, p, findings[0], first("Who do you trust"), lead_actor));
        TRY(lc::add_sources(db, p, findings[2], first("Places mapping"), lead_actor));
        TRY(lc::add_sources(db, p, findings[3], first("Places mapping"), lead_actor));
        TRY(lc::complete_assessment(db, p, assessment_id, "2026-03-06", lead_actor));
        Review r;
        r.context = group;
        r.held_on = "2026-11-16";
        r.decision = ReviewDecision::Continue;
        r.progress =
            "Trusted adults: reached; the group now name college staff, the leisure centre and residents.\n\n"
            "Safe places: partly reached; the Thursday evening and the new ramps are used, the underpass is still "
            "feared while the lighting bid waits.\n\nWelfare-led responses: in progress; enforcement-led "
            "responses fell from 9 in January to none in November.";
        r.rationale =
            "Two goals are not yet reached and the lighting bid is pending: the plan continues to the "
            "review conference in January.";
        TRY(lc::create_review(db, p, r, lead_actor));
        TRY(lc::date_demo_story(db, p, group, {"2026-01-20", "2026-02-12", "2026-03-09", "2026-03-16"}, "2026-03-09",
                                "2026-11-16"));
    }
    // The partnership's privacy notice, and who was told they are recorded.
    TRY(store::privacy::publish(
        db, p,
        {0,
         "Public task (UK GDPR Article 6(1)(e)): the local authority's duties to safeguard children under the "
         "Children Act 1989 and 2004. Special category data: substantial public interest (Article 9(2)(g)) under "
         "the Data Protection Act 2018, Schedule 1, paragraph 18 (safeguarding of children and individuals at "
         "risk).",
         "Recording about a group or a place, rather than each child, is how the partnership finds and reduces "
         "harm outside the home. Young people are recorded by pseudonym only, with an age band; only the workers "
         "allocated to a context see its records; partner agencies see only the actions they own; and records "
         "are kept no longer than the retention schedule allows.",
         "We are the Westbrook Safeguarding Partnership: the council, the police, health services and the "
         "organisations that work with young people in Westbrook.\n\nSometimes we notice that young people are "
         "at risk of harm in a place or in a group of friends, for example in a park or online. When that "
         "happens, we keep a record about the place or group: what young people tell us, what we see, and what "
         "we and other organisations do to make it safer. We do not use your real name in these records.\n\n"
         "Only the people working on that place or group can read the records. We do not share them with anyone "
         "else unless the law says we must, or to keep someone safe.\n\nYou, or your parent or carer, can ask "
         "for a copy of what we hold about you, ask us to correct it, or complain to us or to the Information "
         "Commissioner's Office. Ask any youth worker, or write to the partnership's data protection officer.",
         "", ""},
        cli));
    {
        auto people = TRY(store::young_people::for_context(db, p, group));
        for (const auto& y : people) {
            Telling t;
            t.context = group;
            t.young_person = y.id.value;
            t.told = y.pseudonym != "the boss";
            t.told_on = "2026-03-11";
            if (!t.told) {
                t.reason = NotToldReason::Later;
                t.detail = "To be told at a one-to-one session once the youth worker judges it safe.";
            }
            TRY(store::privacy::record_telling(db, p, t, Actor{practitioner, "Priya Practitioner", "cli"}));
        }
        Telling parents;
        parents.context = group;
        parents.told = true;
        parents.told_on = "2026-03-20";
        parents.detail = "At the parents' evening at the youth club; the privacy notice was handed out.";
        TRY(store::privacy::record_telling(db, p, parents, lead_actor));
    }
    {
        // Hollins Park waits at screening: concerns have built up about the place.
        auto park_concern = [&](const char* on, const char* by, ConcernSource source, const char* summary) {
            return concern(on, by, source, hollins_place, park, summary);
        };
        TRY(park_concern("2026-10-28", "Westbrook Community Safety", ConcernSource::BuildingUp,
                         "Reports of younger children being given lifts from the car park behind the shops."));
        TRY(park_concern("2026-11-10", "Hollins Leisure Centre duty manager", ConcernSource::Referral,
                         "Staff saw adults they did not know waiting by the underpass at closing time."));
        auto latest = TRY(park_concern("2026-11-24", "Westbrook Neighbourhood Policing", ConcernSource::Referral,
                                       "A fourth report about the underpass in a month."));
        TRY(lc::start_screening(db, p, latest, lead_actor));
        TRY(lc::date_demo_story(db, p, park, {"2026-10-28"}, "", ""));
    }
    {
        // Work that ended years ago: closed in 2023, kept under the retention
        // schedule (25 years by default), so the preview shows what a shorter
        // period would destroy.
        ContextId old = TRY(make_context(ContextKind::Place, "Station Road benches",
                                         "Benches by the old bus station where a group used to gather; the station "
                                         "closed and the group moved on. Fictional demo data.",
                                         ContextStage::Active));
        TRY(lc::move(db, p, old, ContextStage::Closed,
                     "Closure signed off: the benches were removed and nobody gathers there now.", lead_actor));
        TRY(lc::date_demo_story(db, p, old, {"2022-05-03", "2023-07-31"}, "", ""));
    }
    TRY(tx.commit());
    return report;
}

Result<std::vector<DemoSignIn>> renew_demo_passwords(store::Connection& db)
{
    auto p = TRY(store::partnerships::find_by_slug(db, kDemoSlug));
    std::vector<DemoSignIn> out;
    for (const auto& seed : kUsers) {
        auto found = store::users::find_with_hash(db, seed.email);
        if (!found || found->first.partnership != p.id) continue;
        DemoSignIn s{seed.role, seed.email, generate_password()};
        TRY(set_password(db, p.id, found->first.id, s.password, Actor::command_line()));
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace trellis::service
