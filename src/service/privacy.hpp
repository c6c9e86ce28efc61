// The privacy notice, public and versioned (admins publish it), and the record
// of telling young people and parents (those who may edit the context).
#pragma once

#include <optional>
#include <vector>

#include "domain/audit.hpp"
#include "domain/evidence.hpp"
#include "domain/paging.hpp"
#include "domain/privacy.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

struct PublicNotice {
    Partnership partnership;
    PrivacyNotice notice;
    std::vector<PrivacyNotice> versions;
};
// For anyone, signed in or not: NotFound when the partnership has published none.
Result<PublicNotice> public_notice(store::Connection& db, std::string_view slug, std::optional<int> version);
// The partnerships that have published a notice.
Result<std::vector<Partnership>> partnerships_with_notices(store::Connection& db);

// The latest version, for an admin to edit (empty when none yet).
Result<std::optional<PrivacyNotice>> own_notice(store::Connection& db, const User& by);
Result<int> publish_notice(store::Connection& db, const User& by, const Actor& actor, const PrivacyNotice& n);

// Whether young people and parents were told: the latest record about each
// of `people` and about the community, and a page of everything recorded.
struct TellingRecord {
    std::vector<Telling> latest;
    Page<Telling> history;
};
Result<TellingRecord> telling_of(store::Connection& db, const User& by, ContextId context,
                                 const std::vector<YoungPersonId>& people, std::int64_t history_page,
                                 std::int64_t history_size);
Result<void> record_telling(store::Connection& db, const User& by, const Actor& actor, const Telling& t);

// Information sharing agreements (admins).
Result<std::vector<SharingAgreement>> agreements(store::Connection& db, const User& by);
// The agreements in force on `today`, for those who send partner copies (leads and practitioners).
Result<std::vector<SharingAgreement>> agreements_in_force(store::Connection& db, const User& by,
                                                          const std::string& today);
Result<void> add_agreement(store::Connection& db, const User& by, const Actor& actor, const SharingAgreement& a);
// Whether Trellis may share anything with this user today: always for the
// partnership's own staff; for a partner agency's user only while the agency
// has a current information sharing agreement. Checked on every request.
Result<bool> shares_with(store::Connection& db, const User& user);

}  // namespace trellis::service
