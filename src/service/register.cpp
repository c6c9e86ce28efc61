#include "service/register.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "domain/policy.hpp"
#include "domain/text.hpp"
#include "service/access.hpp"
#include "service/naming.hpp"
#include "store/context_repo.hpp"
#include "store/evidence_repo.hpp"

namespace trellis::service {

namespace {

// Forbidden unless the user may see the partnership's whole register (leads).
Result<void> need_whole_register(const User& by)
{
    if (!role_allows(by.role, Permission::CreateContexts))
        return std::unexpected(Error::forbidden("Only a Contextual Safeguarding lead sees the whole register."));
    return {};
}

}  // namespace

Result<std::vector<YoungPerson>> young_people_of(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    return store::young_people::for_context(db, by.partnership, context);
}

Result<Page<YoungPerson>> register_page(store::Connection& db, const User& by, ContextId context, std::int64_t number,
                                        std::int64_t size)
{
    TRY(need_context(db, by, context));
    return store::young_people::page_for_context(db, by.partnership, context, number, size);
}

Result<RegisterChoice> register_choice(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_context(db, by, context));
    RegisterChoice out;
    out.total = TRY(store::young_people::count_for_context(db, by.partnership, context, kRegisterCountedUpTo));
    // Past the limit only the count is read: nobody is listed. Within it the
    // count is exact, and the listing need not count again.
    if (!out.typed())
        out.listed = TRY(store::young_people::on_context_named(db, by.partnership, context, "", std::nullopt,
                                                               kRegisterListedUpTo, out.total));
    return out;
}

Result<std::vector<YoungPerson>> register_named(store::Connection& db, const User& by, ContextId context,
                                                const std::string& name, std::optional<YoungPersonId> after, int limit)
{
    TRY(need_context(db, by, context));
    return store::young_people::on_context_named(db, by.partnership, context, name, after, limit);
}

Result<std::vector<YoungPersonId>> register_called(store::Connection& db, const User& by, ContextId context,
                                                   const std::vector<std::string>& names, const std::string& field)
{
    TRY(need_context(db, by, context));
    std::vector<std::string> typed_names;
    for (const auto& name : names)
        if (auto typed = text::collapse_space(name); !typed.empty()) typed_names.push_back(std::move(typed));
    // One read for all of them, however many are typed.
    auto on_register = TRY(store::young_people::on_context_called(db, by.partnership, context, typed_names));
    std::vector<YoungPersonId> found;
    std::vector<std::string> unknown;
    for (const auto& typed : typed_names) {
        auto id = on_register.find(text::name_key(typed));
        if (id == on_register.end())
            unknown.push_back(fmt::format("“{}”", typed));
        else if (std::ranges::find(found, id->second) == found.end())
            found.push_back(id->second);
    }
    if (!unknown.empty())
        return std::unexpected(Error::invalid(
            fmt::format("Nobody on this context's register is called {}: check the spelling, or add them to the "
                        "register first.",
                        fmt::join(unknown, ", ")),
            field));
    return found;
}

Result<YoungPersonId> add_young_person(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                       YoungPerson person)
{
    TRY(may_edit_context(db, by, context, "adding young people to a register"));
    person.contexts = {context};
    if (auto errors = validate(person); !errors.empty()) return std::unexpected(errors.front());
    return store::young_people::create(db, by.partnership, person, actor);
}

Result<YoungPerson> young_person_on(store::Connection& db, const User& by, ContextId context, YoungPersonId id)
{
    TRY(need_context(db, by, context));
    if (!store::young_people::check_on_register(db, by.partnership, id, context, "young_person"))
        return std::unexpected(Error::not_found("There is no such young person on this context's register."));
    return store::young_people::get(db, by.partnership, id);
}

Result<YoungPersonId> young_person_called(store::Connection& db, const User& by, const std::string& name,
                                          const char* field)
{
    TRY(need_whole_register(by));
    return TRY(on_register_called(db, by.partnership, name, field)).id;
}

Result<YoungPerson> on_register_called(store::Connection& db, PartnershipId p, const std::string& name,
                                       const char* field)
{
    if (text::name_key(name).empty())
        return std::unexpected(Error::invalid("Type the pseudonym of someone on the register.", field));
    auto [found, total] = TRY(store::young_people::named(db, p, name, 6));
    auto one = TRY(the_one_named(
        found, total, name, field, [](const YoungPerson& y) -> const std::string& { return y.pseudonym; },
        "Nobody on the register is called “{}”. Check the spelling, or type part of the pseudonym.",
        "{} people on the register match “{}”, among them {}. Type more of the pseudonym."));
    return *one;
}

Result<YoungPerson> on_register(store::Connection& db, const User& by, YoungPersonId id)
{
    TRY(need_whole_register(by));
    return store::young_people::get(db, by.partnership, id);
}

Result<void> link_young_person(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                               YoungPersonId id)
{
    TRY(need_whole_register(by));
    TRY(may_edit_context(db, by, context, "adding young people to a register"));
    return store::young_people::link(db, by.partnership, id, context, actor);
}

Result<void> update_young_person(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                 const YoungPerson& person)
{
    TRY(may_edit_context(db, by, context, "changing the register"));
    TRY(young_person_on(db, by, context, person.id));
    if (auto errors = validate(person); !errors.empty()) return std::unexpected(errors.front());
    return store::young_people::update(db, by.partnership, person.id, person, actor);
}

Result<void> unlink_young_person(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                 YoungPersonId id)
{
    TRY(may_edit_context(db, by, context, "changing the register"));
    TRY(young_person_on(db, by, context, id));
    return store::young_people::unlink(db, by.partnership, id, context, actor);
}

Result<EvidenceId> record_evidence(store::Connection& db, const User& by, const Actor& actor, EvidenceRecord record)
{
    TRY(may_edit_context(db, by, record.context, "recording evidence"));
    if (auto errors = validate(record); !errors.empty()) return std::unexpected(errors.front());
    return store::evidence::create(db, by.partnership, record, actor);
}

Result<VoiceId> record_voice(store::Connection& db, const User& by, const Actor& actor, Voice voice)
{
    TRY(may_edit_context(db, by, voice.context, "recording voices"));
    if (auto errors = validate(voice); !errors.empty()) return std::unexpected(errors.front());
    return store::voices::create(db, by.partnership, voice, actor);
}

Result<std::vector<Voice>> voices_of(store::Connection& db, const User& by, ContextId context, const std::string& theme,
                                     int limit, const std::optional<After>& after)
{
    TRY(need_context(db, by, context));
    return store::voices::for_context(db, by.partnership, context, theme, limit, after);
}

Result<Page<Voice>> voices_page(store::Connection& db, const User& by, ContextId context, const std::string& theme,
                                std::int64_t number)
{
    TRY(need_context(db, by, context));
    return store::voices::page(db, by.partnership, context, theme, number, kVoicesPerPage, kVoicesCountedUpTo);
}

Result<std::vector<std::pair<std::string, std::int64_t>>> voice_themes(store::Connection& db, const User& by,
                                                                       ContextId context)
{
    TRY(need_context(db, by, context));
    return store::voices::themes(db, by.partnership, context);
}

Result<std::vector<EvidenceRecord>> evidence_of(store::Connection& db, const User& by, ContextId context, int limit,
                                                const std::optional<After>& after)
{
    TRY(need_context(db, by, context));
    TRY(store::contexts::get(db, by.partnership, context));
    return store::evidence::for_context(db, by.partnership, context, limit, after);
}

Result<EvidenceRecord> evidence_record(store::Connection& db, const User& by, EvidenceId id)
{
    auto record = TRY(store::evidence::get(db, by.partnership, id));
    TRY(need_context(db, by, record.context));
    return record;
}

Result<ContextId> delete_evidence(store::Connection& db, const User& by, const Actor& actor, EvidenceId id)
{
    auto record = TRY(evidence_record(db, by, id));
    TRY(may_edit_context(db, by, record.context, "deleting evidence"));
    return store::evidence::remove(db, by.partnership, id, actor);
}

Result<ContextId> delete_voice(store::Connection& db, const User& by, const Actor& actor, VoiceId id)
{
    auto context = TRY(store::voices::context_of(db, by.partnership, id));
    TRY(may_edit_context(db, by, context, "deleting voices"));
    return store::voices::remove(db, by.partnership, id, actor);
}

}  // namespace trellis::service
