#include "service/register.hpp"

#include "domain/policy.hpp"
#include "service/access.hpp"
#include "store/repos.hpp"

namespace trellis::service {

Result<std::vector<YoungPerson>> young_people_of(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    return store::young_people::for_context(db, by.partnership, context);
}

Result<YoungPersonId> add_young_person(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                       YoungPerson person)
{
    if (!role_allows(by.role, Permission::EditFrameworks))
        return std::unexpected(Error::forbidden("Your role does not include adding young people to a register."));
    TRY(need_context(db, by, context));
    TRY(store::contexts::get(db, by.partnership, context));
    person.contexts = {context};
    if (auto errors = validate(person); !errors.empty()) return std::unexpected(errors.front());
    return store::young_people::create(db, by.partnership, person, actor);
}

Result<EvidenceId> record_evidence(store::Connection& db, const User& by, const Actor& actor, EvidenceRecord record)
{
    if (!role_allows(by.role, Permission::EditFrameworks))
        return std::unexpected(Error::forbidden("Your role does not include recording evidence."));
    TRY(need_context(db, by, record.context));
    TRY(store::contexts::get(db, by.partnership, record.context));
    if (auto errors = validate(record); !errors.empty()) return std::unexpected(errors.front());
    return store::evidence::create(db, by.partnership, record, actor);
}

Result<VoiceId> record_voice(store::Connection& db, const User& by, const Actor& actor, Voice voice)
{
    if (!role_allows(by.role, Permission::EditFrameworks))
        return std::unexpected(Error::forbidden("Your role does not include recording voices."));
    TRY(need_context(db, by, voice.context));
    TRY(store::contexts::get(db, by.partnership, voice.context));
    if (auto errors = validate(voice); !errors.empty()) return std::unexpected(errors.front());
    return store::voices::create(db, by.partnership, voice, actor);
}

Result<std::vector<Voice>> voices_of(store::Connection& db, const User& by, ContextId context, const std::string& theme)
{
    TRY(need_context(db, by, context));
    return store::voices::for_context(db, by.partnership, context, theme);
}

}  // namespace trellis::service
