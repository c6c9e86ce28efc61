// Requests from people about what Trellis holds on a young person: a copy of it
// (subject access), correcting it (rectification) or deleting it (erasure).
//
// The law allows one calendar month from the day a request is received,
// extendable by two further months with a reason; while the partnership waits
// for proof of the requester's identity the clock is paused, and the days it
// stood still are added to the due date.
//
// A subject access bundle names the young person it is about; every other
// young person's pseudonym and aliases become "another young person", and,
// when the reviewer chooses, every professional's name "a professional".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/choices.hpp"
#include "domain/error.hpp"
#include "domain/evidence.hpp"
#include "domain/ids.hpp"

namespace trellis {

using SubjectRequestId = Id<struct SubjectRequestTag>;

enum class RequestKind { Access, Rectification, Erasure };
inline constexpr Choices<RequestKind, 3> kRequestKinds{{{
    {"access", "Subject access: a copy of what Trellis holds"},
    {"rectification", "Rectification: correct what is wrong"},
    {"erasure", "Erasure: delete what is held"},
}}};

enum class Relationship { YoungPerson, Parent, Representative, Other };
inline constexpr Choices<Relationship, 4> kRelationships{{{
    {"young_person", "The young person themselves"},
    {"parent", "A parent or carer"},
    {"representative", "A solicitor, advocate or other representative acting for them"},
    {"other", "Someone else, said in the notes"},
}}};

enum class RequestStatus { AwaitingIdentity, Open, Released, Completed, Refused };
inline constexpr Choices<RequestStatus, 5> kRequestStatuses{{{
    {"awaiting_identity", "Waiting for proof of identity (clock paused)"},
    {"open", "Open"},
    {"released", "Bundle released"},
    {"completed", "Completed"},
    {"refused", "Refused"},
}}};

// What a reviewer may rely on to withhold part of a bundle (UK GDPR, Data
// Protection Act 2018). Recorded against the request.
enum class Exemption { ThirdParty, Crime, SeriousHarm, ChildAbuse, LegalPrivilege, Unfounded };
inline constexpr Choices<Exemption, 6> kExemptions{{{
    {"third_party", "Information about other people (DPA 2018 Schedule 2 paragraph 16)"},
    {"crime", "Preventing or detecting crime (DPA 2018 Schedule 2 paragraph 2)"},
    {"serious_harm", "Serious harm to anyone's physical or mental health (DPA 2018 Schedule 3 Part 3)"},
    {"child_abuse", "Child abuse data not in the child's best interests (DPA 2018 Schedule 3 paragraph 21)"},
    {"legal_privilege", "Legal professional privilege (DPA 2018 Schedule 2 paragraph 19)"},
    {"unfounded", "Manifestly unfounded or excessive (UK GDPR Article 12(5))"},
}}};

struct SubjectRequestLine {
    std::string at;
    std::string by;
    std::string what;
};

struct SubjectRequest {
    SubjectRequestId id;
    RequestKind kind = RequestKind::Access;
    std::string requester;  // who asked
    Relationship relationship = Relationship::YoungPerson;
    std::optional<YoungPersonId> young_person;  // none once erased
    std::string subject;                        // their pseudonym when the request was received
    std::string received_on;                    // YYYY-MM-DD
    std::string notes;
    RequestStatus status = RequestStatus::Open;
    std::string paused_on;  // while awaiting identity: the day the clock stopped
    int paused_days = 0;    // days the clock stood still before now
    bool extended = false;
    std::string extension_reason;
    // The review before release.
    std::string reviewed_by, reviewed_at;
    bool redact_professionals = false;
    std::string redactions;  // one word or phrase a line, each shown as "[withheld]"
    std::vector<Exemption> exemptions;
    std::string review_note;
    std::string closed_on;
    std::string outcome;  // why refused, or what was done
    std::string recorded_by, created_at;
    std::vector<SubjectRequestLine> log;
};

// The date `months` calendar months after `date` (YYYY-MM-DD): the same day of
// the month, or the month's last day when it has no such day (31 January →
// 28 or 29 February). Empty when `date` is not a date.
std::string add_months(std::string_view date, int months);

// Whole days from `from` to `to` (negative when `to` is earlier); 0 when
// either is not a date.
int days_between(std::string_view from, std::string_view to);

// When the answer is due, as of `today`: one calendar month from receipt (three
// when extended), plus every day the clock stood still, including the days of
// a pause still running.
std::string due_date(const SubjectRequest& r, std::string_view today);

// Whether the request is still being worked on.
bool is_open(RequestStatus s);

// What a new request must give: Invalid per field.
std::vector<Error> validate(const SubjectRequest& r, std::string_view today);

// One record held that names or mentions the young person, as a bundle shows
// it: where it came from, when, on which context, what it is and its text.
struct HeldRecord {
    std::string source;  // "evidence", "voice", "stage" ...: with `id`, what it is
    std::int64_t id = 0;
    std::string date;
    std::string context;  // the context's name; empty when it is on none
    std::string title;    // "Observation, seen first hand"
    std::string text;
    std::string by;  // who recorded it
};

// ---- Redaction ---------------------------------------------------------------

// A word or phrase to find in free text, matched whole (not inside another
// word) and ignoring ASCII case, and what it becomes. An empty `becomes` keeps
// the words as written: the young person the bundle is about, whose own
// pseudonym must not be caught by a shorter name inside it.
struct RedactionTerm {
    std::string words;
    std::string becomes;
};

class Redactor {
public:
    explicit Redactor(std::vector<RedactionTerm> terms);
    // `text` with every term replaced; the longest term wins where two start
    // at one place.
    std::string apply(std::string_view text) const;
    // Whether any kept term (becomes empty) appears in `text`.
    bool mentions_kept(std::string_view text) const;

private:
    struct Match {
        std::size_t term = 0;
        std::size_t length = 0;
    };
    std::optional<Match> match_at(std::string_view text, std::size_t at) const;
    std::vector<RedactionTerm> terms_;
    std::vector<std::string> lowered_;
    std::vector<std::vector<std::size_t>> by_first_byte_;  // term indexes, longest first
};

// A young person's aliases as stored: one a line, trimmed, no blanks or repeats.
std::vector<std::string> alias_list(std::string_view aliases);

}  // namespace trellis
