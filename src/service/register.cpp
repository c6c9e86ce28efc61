#include "service/register.hpp"

#include <fmt/format.h>

#include "domain/policy.hpp"
#include "service/access.hpp"
#include "store/repos.hpp"

namespace trellis::service {
namespace {

// A write on a context's records: the role must allow it, and the context must
// be one the caller sees and that exists.
Result<void> may_write(store::Connection& db, const User& by, ContextId context, const char* what)
{
    if (!role_allows(by.role, Permission::EditFrameworks))
        return std::unexpected(Error::forbidden(fmt::format("Your role does not include {}.", what)));
    TRY(need_context(db, by, context));
    TRY(store::contexts::get(db, by.partnership, context));
    return {};
}

}  // namespace

Result<std::vector<YoungPerson>> young_people_of(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    return store::young_people::for_context(db, by.partnership, context);
}

Result<YoungPersonId> add_young_person(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                       YoungPerson person)
{
    TRY(may_write(db, by, context, "adding young people to a register"));
    person.contexts = {context};
    if (auto errors = validate(person); !errors.empty()) return std::unexpected(errors.front());
    return store::young_people::create(db, by.partnership, person, actor);
}

Result<EvidenceId> record_evidence(store::Connection& db, const User& by, const Actor& actor, EvidenceRecord record)
{
    TRY(may_write(db, by, record.context, "recording evidence"));
    if (auto errors = validate(record); !errors.empty()) return std::unexpected(errors.front());
    return store::evidence::create(db, by.partnership, record, actor);
}

Result<VoiceId> record_voice(store::Connection& db, const User& by, const Actor& actor, Voice voice)
{
    TRY(may_write(db, by, voice.context, "recording voices"));
    if (auto errors = validate(voice); !errors.empty()) return std::unexpected(errors.front());
    return store::voices::create(db, by.partnership, voice, actor);
}

Result<std::vector<Voice>> voices_of(store::Connection& db, const User& by, ContextId context, const std::string& theme)
{
    TRY(need_context(db, by, context));
    return store::voices::for_context(db, by.partnership, context, theme);
}

}  // namespace trellis::service
