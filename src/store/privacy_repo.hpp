// The partnership's privacy notice (each published version kept) and the
// record of telling young people and parents they are recorded.
#pragma once

#include <optional>
#include <vector>

#include "domain/audit.hpp"
#include "domain/evidence.hpp"
#include "domain/paging.hpp"
#include "domain/privacy.hpp"
#include "store/connection.hpp"

namespace trellis::store::privacy {

// Version `version`, or the latest when absent; nothing when none is published.
Result<std::optional<PrivacyNotice>> notice(Connection& db, PartnershipId p, std::optional<int> version = {});
// Every published version, newest first (without their texts).
Result<std::vector<PrivacyNotice>> versions(Connection& db, PartnershipId p);
// Publishes a new version (audited); returns its number.
Result<int> publish(Connection& db, PartnershipId p, const PrivacyNotice& n, const Actor& actor);

// Records whether someone was told (audited on the context). The young person,
// when given, must be on the context's register.
Result<void> record_telling(Connection& db, PartnershipId p, const Telling& t, const Actor& actor);
// The context's record, newest first, a page at a time.
Result<Page<Telling>> telling_page(Connection& db, PartnershipId p, ContextId c, std::int64_t number,
                                   std::int64_t size);
// The latest record about each of `people` that has one, and about the
// community around the context (no young person): one query.
Result<std::vector<Telling>> latest_telling(Connection& db, PartnershipId p, ContextId c,
                                            const std::vector<YoungPersonId>& people);

// Information sharing agreements, newest first; the agency must be the partnership's.
Result<void> add_agreement(Connection& db, PartnershipId p, const SharingAgreement& a, const Actor& actor);
Result<std::vector<SharingAgreement>> agreements(Connection& db, PartnershipId p);
Result<bool> has_current_agreement(Connection& db, PartnershipId p, AgencyId agency, const std::string& today);

}  // namespace trellis::store::privacy
