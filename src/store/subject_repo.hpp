// Subject access, rectification and erasure requests, and the records a
// bundle gathers about one young person.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/subject_request.hpp"
#include "store/connection.hpp"

namespace trellis::store::subject_requests {

// Audited, with the first line of the request's log.
Result<SubjectRequestId> create(Connection& db, PartnershipId p, const SubjectRequest& r, const Actor& actor);
// With its log, oldest line first.
Result<SubjectRequest> get(Connection& db, PartnershipId p, SubjectRequestId id);
// Every request, the latest received first (without logs).
Result<std::vector<SubjectRequest>> all(Connection& db, PartnershipId p);
// Saves the request's state, adds `line` to its log and audits `action`, in
// one transaction; `detail` goes into the audit row (never text).
Result<void> save(Connection& db, PartnershipId p, const SubjectRequest& r, const std::string& line, const Actor& actor,
                  const std::string& action, const std::string& detail);

}  // namespace trellis::store::subject_requests

namespace trellis::store::subject_data {

// The records linked to the young person: evidence naming them, activity runs
// they took part in, quotes attributed to them, concerns naming them, and
// whether they were told they are recorded.
Result<std::vector<HeldRecord>> linked(Connection& db, PartnershipId p, YoungPersonId y);

// Every free text of the partnership that may contain one of `words` (matched
// loosely by the database; the caller matches whole words): stage entries and
// goal statements, evidence, quotes, run notes, meeting minutes and decisions,
// actions and their notes, concerns, assessments, reviews, measurements,
// outcomes, telling notes, peer map notes and context descriptions.
Result<std::vector<HeldRecord>> mentioning(Connection& db, PartnershipId p, const std::vector<std::string>& words);

// Every professional's name the partnership's records may carry: accounts,
// authors of records and agency contacts.
Result<std::vector<std::string>> professional_names(Connection& db, PartnershipId p);

// When the register entry was made.
Result<std::string> registered_at(Connection& db, PartnershipId p, YoungPersonId y);

}  // namespace trellis::store::subject_data
