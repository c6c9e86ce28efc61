// Subject access, rectification and erasure requests (leads, who see every
// context): the list with due dates, the clock paused while identity is
// checked, extensions, the review before release, and the bundle of what
// Trellis holds on the young person, with everyone else redacted.
#pragma once

#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/subject_request.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

struct SubjectRequestForm {
    std::string kind, requester, relationship, young_person, received_on, notes;
    bool identity_confirmed = false;
};
// Invalid naming the field.
Result<SubjectRequestId> record_subject_request(store::Connection& db, const User& by, const Actor& actor,
                                                const SubjectRequestForm& form);
Result<std::vector<SubjectRequest>> subject_requests(store::Connection& db, const User& by);
Result<SubjectRequest> subject_request(store::Connection& db, const User& by, SubjectRequestId id);
// The young person a request is about, with the contexts they are on.
Result<YoungPerson> request_subject(store::Connection& db, const User& by, YoungPersonId id);

// The requester's identity is confirmed on `on` (YYYY-MM-DD, today or
// earlier): the clock runs again and the paused days move the due date.
Result<void> confirm_identity(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id,
                              const std::string& on);
// Two more months, once, with a reason.
Result<void> extend_request(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id,
                            const std::string& reason);

struct ReviewForm {
    bool redact_professionals = false;
    std::string redactions;  // one word or phrase a line
    std::vector<std::string> exemptions;
    std::string note;
};
// The reviewer's redactions and exemptions; an access request only.
Result<void> review_request(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id,
                            const ReviewForm& form);
// Releases the reviewed bundle to the requester (Conflict before a review).
Result<void> release_bundle(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id);
// Records what was done (rectification, erasure, anything else) against the request.
Result<void> note_on_request(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id,
                             const std::string& what);
// Erasure: takes the young person off every register with today's function,
// all or nothing (Conflict naming what still names them).
Result<void> erase_for_request(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id);
// Completes or refuses an open request, with what was done or why.
Result<void> close_request(store::Connection& db, const User& by, const Actor& actor, SubjectRequestId id, bool refused,
                           const std::string& outcome);

// ---- The bundle ----------------------------------------------------------------

struct BundleSection {
    std::string heading;
    std::string empty;  // said when there are no records
    std::vector<HeldRecord> records;
};

struct SubjectBundle {
    SubjectRequest request;
    std::string subject;  // their pseudonym
    std::vector<std::string> aliases;
    std::string local_ref, age_band, registered_on;
    std::vector<std::string> contexts;
    std::vector<BundleSection> sections;  // redacted
    // What the law asks to go beside the data.
    std::vector<std::string> purposes;
    std::vector<std::string> recipients;
    std::vector<std::string> retention;
    std::vector<std::string> sources;
    std::string produced_on;
};
// An access request whose young person is still on the register; every view is
// audited by the caller.
Result<SubjectBundle> subject_bundle(store::Connection& db, const User& by, SubjectRequestId id);

}  // namespace trellis::service
