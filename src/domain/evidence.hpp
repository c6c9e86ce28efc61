// Evidence of change on a context: the young people register (pseudonyms, not
// names), evidence records linked to the goal stages they support, voices, and
// the structured group activities that can be run again as follow-ups.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/choices.hpp"
#include "domain/error.hpp"
#include "domain/framework.hpp"
#include "domain/ids.hpp"

namespace trellis {

using YoungPersonId = Id<struct YoungPersonTag>;
using EvidenceId = Id<struct EvidenceTag>;
using VoiceId = Id<struct VoiceTag>;
using RunId = Id<struct RunTag>;

// ---- Young people register ------------------------------------------------

enum class AgeBand { Under11, From11To13, From14To15, From16To17, From18To25, NotKnown };
inline constexpr Choices<AgeBand, 6> kAgeBands{{{{"under_11", "Under 11"},
                                                 {"11_13", "11 to 13"},
                                                 {"14_15", "14 to 15"},
                                                 {"16_17", "16 to 17"},
                                                 {"18_25", "18 to 25"},
                                                 {"not_known", "Not known"}}}};

// The fewest identifying fields possible: a pseudonym or nickname the team
// already uses, an optional reference into the agency's own case system, an
// age band. Never a legal name, date of birth or address.
struct YoungPerson {
    YoungPersonId id;
    std::string pseudonym;
    std::string local_ref;
    AgeBand age_band = AgeBand::NotKnown;
    std::vector<ContextId> contexts;
    std::string aliases;  // other names they go by, one a line: found in free text for subject access
};

// ---- Evidence records -----------------------------------------------------

enum class EvidenceMethod { WhoDoYouTrust, PlacesMapping, Observation, Conversation, MultiAgency, Survey, Other };
inline constexpr Choices<EvidenceMethod, 7> kEvidenceMethods{{{{"trust", "Who-do-you-trust activity"},
                                                               {"places", "Places or safety mapping"},
                                                               {"observation", "Observation"},
                                                               {"conversation", "Conversation"},
                                                               {"multi_agency", "Multi-agency discussion"},
                                                               {"survey", "Survey"},
                                                               {"other", "Other"}}}};

// How the author knows: the reliability of the record.
enum class Provenance { Seen, ToldDirectly, SecondHand };
inline constexpr Choices<Provenance, 3> kProvenances{
    {{{"seen", "Seen directly"}, {"told", "Told directly"}, {"second_hand", "Told second-hand"}}}};

// Adults by role: who took part in a record, and whom young people name as trusted.
enum class AdultRole {
    YouthWorker,
    TeacherOrCollege,
    SportsCoach,
    ParentOrCarer,
    Police,
    Resident,
    ShopOrBusiness,
    Other
};
inline constexpr Choices<AdultRole, 8> kAdultRoles{{{{"youth_worker", "Youth worker"},
                                                     {"teacher", "Teacher or college staff"},
                                                     {"coach", "Sports coach"},
                                                     {"parent", "Parent or carer"},
                                                     {"police", "Police"},
                                                     {"resident", "Resident"},
                                                     {"business", "Shop or business"},
                                                     {"other", "Other"}}}};

struct StageRef {
    GoalId goal;
    Stage stage = Stage::Scoping;
    friend bool operator==(const StageRef&, const StageRef&) = default;
};

struct EvidenceRecord {
    EvidenceId id;
    ContextId context;
    std::string date;  // YYYY-MM-DD
    EvidenceMethod method = EvidenceMethod::Conversation;
    std::vector<YoungPersonId> young_people;
    std::vector<std::string> young_people_names;  // filled on reading
    int unnamed_young_people = 0;
    std::vector<AdultRole> adults;
    Provenance provenance = Provenance::Seen;
    std::string narrative;
    std::vector<StageRef> supports;
    std::string author_label;
    std::string created_at;
};

// ---- Voices ---------------------------------------------------------------

enum class Speaker { YoungPerson, ParentOrCarer, Practitioner, Partner, CommunityMember };
inline constexpr Choices<Speaker, 5> kSpeakers{{{{"young_person", "Young person"},
                                                 {"parent", "Parent or carer"},
                                                 {"practitioner", "Practitioner"},
                                                 {"partner", "Partner agency"},
                                                 {"community", "Community member"}}}};

struct Voice {
    VoiceId id;
    ContextId context;
    std::string date;
    Speaker speaker = Speaker::YoungPerson;
    std::optional<YoungPersonId> young_person;  // who, when the speaker is on the register
    std::string young_person_name;              // filled on reading
    std::string quote;
    std::vector<std::string> themes;
    std::string author_label;
};

// Themes typed as "trust, places; police": split, white space collapsed,
// lower-cased, duplicates dropped, order kept.
std::vector<std::string> parse_themes(std::string_view s);

namespace limits {
inline constexpr std::size_t kPseudonym = 60;
inline constexpr std::size_t kLocalRef = 40;
inline constexpr std::size_t kAliases = 300;
inline constexpr std::size_t kNarrative = 20000;
inline constexpr std::size_t kQuote = 2000;
inline constexpr std::size_t kTheme = 40;
inline constexpr std::size_t kThemes = 12;
inline constexpr int kMaxUnnamed = 500;
}  // namespace limits

std::vector<Error> validate(const YoungPerson& y);
std::vector<Error> validate(const EvidenceRecord& e);
std::vector<Error> validate(const Voice& v);

// ---- Group activities -----------------------------------------------------

enum class ActivityKind { Trust, Places };
inline constexpr Choices<ActivityKind, 2> kActivityKinds{
    {{{"trust", "Who do you trust"}, {"places", "Places mapping"}}}};

enum class PlaceCategory { Safe, Unsafe, Fun, NothingToDo };
inline constexpr Choices<PlaceCategory, 4> kPlaceCategories{
    {{{"safe", "Safe"}, {"unsafe", "Unsafe"}, {"fun", "Fun"}, {"nothing", "Nothing to do"}}}};

// One participant naming adults of one role as trusted.
struct TrustNomination {
    AdultRole role = AdultRole::Other;
    int adults = 0;          // how many adults of this role they trust
    bool respected = false;  // whether they feel respected by them
};

struct PlaceMark {
    std::string place;
    PlaceCategory category = PlaceCategory::Safe;
    std::optional<double> latitude;
    std::optional<double> longitude;
};

struct Participant {
    std::optional<YoungPersonId> young_person;  // or unnamed, with only a label
    std::string label;                          // "Participant 3", or the pseudonym on reading
    std::vector<TrustNomination> trusted;
    std::vector<PlaceMark> places;
};

struct ActivityRun {
    RunId id;
    ContextId context;
    ActivityKind kind = ActivityKind::Trust;
    std::string date;
    std::optional<RunId> follow_up_of;
    std::string note;
    std::vector<Participant> participants;
    std::string author_label;
};

namespace limits {
inline constexpr std::size_t kParticipants = 60;
inline constexpr int kAdultsPerRole = 30;
inline constexpr std::size_t kPlacesPerParticipant = 30;
inline constexpr std::size_t kPlaceName = 80;
inline constexpr std::size_t kRunNote = 2000;
}  // namespace limits

std::vector<Error> validate(const ActivityRun& r);

// Who do you trust, summed over the participants of one run.
struct TrustSummary {
    int participants = 0;
    std::array<int, kAdultRoles.size()> adults{};     // adults named, by role
    std::array<int, kAdultRoles.size()> respected{};  // participants who feel respected, by role
    int total = 0;
    double mean(AdultRole role) const;
    double mean_total() const;
};
TrustSummary summarise_trust(const ActivityRun& run);

// Places mapping combined across participants: how many participants marked
// each place in each category, places in the order first named.
struct PlaceTally {
    std::string place;
    std::array<int, kPlaceCategories.size()> marks{};
};
struct PlacesSummary {
    int participants = 0;
    std::array<int, kPlaceCategories.size()> totals{};  // marks by category
    std::vector<PlaceTally> places;
};
PlacesSummary summarise_places(const ActivityRun& run);

// How many places of a places-mapping run at least one young person marked
// with `category` (each place counted once, however many marked it).
int places_marked(const PlacesSummary& summary, PlaceCategory category);

}  // namespace trellis
