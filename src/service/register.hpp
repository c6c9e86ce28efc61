// The young people register of a context (pseudonyms only, never a legal
// name) and the evidence recorded about the context. Need-to-know is the
// context's.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "domain/audit.hpp"
#include "domain/evidence.hpp"
#include "domain/paging.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

Result<std::vector<YoungPerson>> young_people_of(store::Connection& db, const User& by, ContextId context);
// Page `number` of the context's register, `size` people a page, by pseudonym.
Result<Page<YoungPerson>> register_page(store::Connection& db, const User& by, ContextId context, std::int64_t number,
                                        std::int64_t size);

// A form lists a context's register to choose from while it holds at most
// this many people; past that, pseudonyms are typed (and suggested as they are).
inline constexpr std::int64_t kRegisterListedUpTo = 30;
// A form counts the register no further than this (for "holds more than 1,000 people").
inline constexpr std::int64_t kRegisterCountedUpTo = 1000;
// Whether a register of `total` people is too long to list in a form.
inline bool register_typed(std::int64_t total)
{
    return total > kRegisterListedUpTo;
}
struct RegisterChoice {
    std::vector<YoungPerson> listed;  // everyone, by pseudonym, when the register is short enough to list
    std::int64_t total = 0;           // counted up to kRegisterCountedUpTo and one more
    bool typed() const { return register_typed(total); }
};
Result<RegisterChoice> register_choice(store::Connection& db, const User& by, ContextId context);

// Up to `limit` people on the context's register whose pseudonym holds `name`
// (everyone when it is empty), by pseudonym, after `after`'s pseudonym.
Result<std::vector<YoungPerson>> register_named(store::Connection& db, const User& by, ContextId context,
                                                const std::string& name, std::optional<YoungPersonId> after, int limit);

// The people on the context's register whose pseudonyms are `names` (case and
// spacing ignored, blanks skipped, each once); Invalid on `field`, naming
// those not found, otherwise.
Result<std::vector<YoungPersonId>> register_called(store::Connection& db, const User& by, ContextId context,
                                                   const std::vector<std::string>& names, const std::string& field);

// Adds someone to the context's register (audited). Invalid naming the field,
// Conflict when the partnership's register already has the pseudonym.
Result<YoungPersonId> add_young_person(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                       YoungPerson person);

// Someone on the context's register (NotFound otherwise).
Result<YoungPerson> young_person_on(store::Connection& db, const User& by, ContextId context, YoungPersonId id);

// One person on the partnership's register, for a lead (Forbidden for other roles).
Result<YoungPerson> on_register(store::Connection& db, const User& by, YoungPersonId id);

// The person on the partnership's register whose pseudonym is `name`, or the
// only one holding it; Invalid on `field`, with the pseudonyms that match,
// otherwise. The caller has checked that the user may name people on the
// register.
Result<YoungPerson> on_register_called(store::Connection& db, PartnershipId p, const std::string& name,
                                       const char* field);
// Someone on the partnership's register called `name`: their whole
// pseudonym, or part of one only (leads, for linking them to a context).
Result<YoungPersonId> young_person_called(store::Connection& db, const User& by, const std::string& name,
                                          const char* field);

// Adds someone already on the register to another context (leads; audited).
Result<void> link_young_person(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                               YoungPersonId id);

// Corrects the pseudonym, local reference or age band of someone on the
// context's register; audited in every context they are on. Conflict when the
// new pseudonym is taken.
Result<void> update_young_person(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                 const YoungPerson& person);

// Takes someone off the context's register (and off the partnership's when no
// context is left). Conflict while records of the context name them.
Result<void> unlink_young_person(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                 YoungPersonId id);

// Records evidence on the context (audited): the young people must be on its
// register and the stages it supports goals of its frameworks.
Result<EvidenceId> record_evidence(store::Connection& db, const User& by, const Actor& actor, EvidenceRecord record);

// Keeps a quote on the context (audited), with who spoke and its themes.
Result<VoiceId> record_voice(store::Connection& db, const User& by, const Actor& actor, Voice voice);

// The context's quotes, newest first; with a theme, only those tagged with it:
// up to `limit` after a point (the API), or page `number` (the pages), counted
// up to kVoicesCountedUpTo (or to the page), `more` beyond.
inline constexpr std::int64_t kVoicesPerPage = 25;
inline constexpr std::int64_t kVoicesCountedUpTo = 1000;
Result<std::vector<Voice>> voices_of(store::Connection& db, const User& by, ContextId context, const std::string& theme,
                                     int limit, const std::optional<After>& after);
Result<Page<Voice>> voices_page(store::Connection& db, const User& by, ContextId context, const std::string& theme,
                                std::int64_t number);

// Every theme used on the context's quotes, with how many carry it.
Result<std::vector<std::pair<std::string, std::int64_t>>> voice_themes(store::Connection& db, const User& by,
                                                                       ContextId context);

// The context's evidence, newest first (at most `limit`).
Result<std::vector<EvidenceRecord>> evidence_of(store::Connection& db, const User& by, ContextId context,
                                                int limit = 200, const std::optional<After>& after = std::nullopt);

// One evidence record the caller may see.
Result<EvidenceRecord> evidence_record(store::Connection& db, const User& by, EvidenceId id);

// Deletes a record or a quote entered in error (audited); returns its context.
Result<ContextId> delete_evidence(store::Connection& db, const User& by, const Actor& actor, EvidenceId id);
Result<ContextId> delete_voice(store::Connection& db, const User& by, const Actor& actor, VoiceId id);

}  // namespace trellis::service
