// The young people register, evidence records and voices of a context.
// The rules every repository keeps are at the top of store/connection.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/audit.hpp"
#include "domain/evidence.hpp"
#include "domain/paging.hpp"
#include "store/connection.hpp"

namespace trellis::store::young_people {
// Conflict when the partnership's register already has that pseudonym; every
// context must belong to the partnership.
Result<YoungPersonId> create(Connection& db, PartnershipId p, const YoungPerson& y, const Actor& actor);
// Corrects the pseudonym, local reference or age band (Conflict when the new
// pseudonym is taken), audited in every context the young person is linked to.
Result<void> update(Connection& db, PartnershipId p, YoungPersonId id, const YoungPerson& y, const Actor& actor);
// Takes the young person off a context's register, and off the partnership's
// when no context is left; Conflict while evidence, quotes or activity runs of
// that context name them.
Result<void> unlink(Connection& db, PartnershipId p, YoungPersonId id, ContextId c, const Actor& actor);
// Adds someone already on the register to another context.
Result<void> link(Connection& db, PartnershipId p, YoungPersonId id, ContextId c, const Actor& actor);
Result<YoungPerson> get(Connection& db, PartnershipId p, YoungPersonId id);
// The young people linked to a context, by pseudonym.
Result<std::vector<YoungPerson>> for_context(Connection& db, PartnershipId p, ContextId c);
// Page `number` of `size` of them, by pseudonym, counted by the database.
Result<Page<YoungPerson>> page_for_context(Connection& db, PartnershipId p, ContextId c, std::int64_t number,
                                           std::int64_t size);
// Up to `limit` people on the context's register whose pseudonym holds `name`
// (case and spacing ignored; everyone when it is empty), by pseudonym, after
// the pseudonym of `after` when given. `counted` is how many people the
// register holds, when the caller has counted them exactly (else they are
// counted here, as far as choosing how to read them needs).
Result<std::vector<YoungPerson>> on_context_named(Connection& db, PartnershipId p, ContextId c, const std::string& name,
                                                  std::optional<YoungPersonId> after, int limit,
                                                  std::optional<std::int64_t> counted = std::nullopt);
// The people on the context's register whose pseudonyms are among `names`
// (case and spacing ignored), by the key text::name_key makes of each name;
// a name nobody on the register holds is not there.
Result<std::map<std::string, YoungPersonId>> on_context_called(Connection& db, PartnershipId p, ContextId c,
                                                               const std::vector<std::string>& names);
// How many people are on the context's register; with `up_to`, counted no
// further than one past it.
Result<std::int64_t> count_for_context(Connection& db, PartnershipId p, ContextId c, std::int64_t up_to = 0);
// Invalid (naming `field`) unless the young person is on the context's register.
Result<void> check_on_register(Connection& db, PartnershipId p, YoungPersonId id, ContextId c, const char* field);
// The whole register (for leads linking someone to another context).
Result<std::vector<YoungPerson>> all(Connection& db, PartnershipId p);
// Up to `limit` people on the register whose pseudonym holds `name` (case and
// spacing ignored), by pseudonym, with how many match in all.
Result<std::pair<std::vector<YoungPerson>, std::int64_t>> named(Connection& db, PartnershipId p,
                                                                const std::string& name, int limit);
}  // namespace trellis::store::young_people

namespace trellis::store::evidence {
// Young people must be linked to the record's context and supported goals must
// belong to one of its frameworks; audited, and the frameworks shown changed.
Result<EvidenceId> create(Connection& db, PartnershipId p, const EvidenceRecord& e, const Actor& actor);
Result<EvidenceRecord> get(Connection& db, PartnershipId p, EvidenceId id);
// Newest first.
Result<std::vector<EvidenceRecord>> for_context(Connection& db, PartnershipId p, ContextId c, int limit = 200,
                                                const std::optional<After>& after = std::nullopt);
// Records supporting any stage of the framework's goals.
Result<std::vector<EvidenceRecord>> for_framework(Connection& db, PartnershipId p, FrameworkId f);
// Deletes a record entered in error, with its links; audited (the trail keeps
// that it existed, never its text). Returns its context.
Result<ContextId> remove(Connection& db, PartnershipId p, EvidenceId id, const Actor& actor);
}  // namespace trellis::store::evidence

namespace trellis::store::voices {
Result<VoiceId> create(Connection& db, PartnershipId p, const Voice& v, const Actor& actor);
// Newest first; only voices tagged with `theme` when it is not empty: up to
// `limit` after a point, or page `number` of `size` (counted up to
// `count_up_to` when it is set, `more` beyond).
Result<std::vector<Voice>> for_context(Connection& db, PartnershipId p, ContextId c, const std::string& theme,
                                       int limit, const std::optional<After>& after);
Result<Page<Voice>> page(Connection& db, PartnershipId p, ContextId c, const std::string& theme, std::int64_t number,
                         std::int64_t size, std::int64_t count_up_to = 0);
Result<ContextId> remove(Connection& db, PartnershipId p, VoiceId id, const Actor& actor);
Result<ContextId> context_of(Connection& db, PartnershipId p, VoiceId id);
// Every theme used on the context, with how many voices carry it.
Result<std::vector<std::pair<std::string, std::int64_t>>> themes(Connection& db, PartnershipId p, ContextId c);
}  // namespace trellis::store::voices
