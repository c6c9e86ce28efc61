#include "service/peer_map.hpp"

#include <map>

#include "domain/policy.hpp"
#include "domain/text.hpp"
#include "service/access.hpp"
#include "store/context_repo.hpp"
#include "store/evidence_repo.hpp"
#include "store/peer_repo.hpp"

namespace trellis::service {

namespace {

constexpr const char* kRecording = "recording the peer map";

Result<Context> peer_group(store::Connection& db, const User& by, ContextId id)
{
    TRY(need_context(db, by, id));
    auto c = TRY(store::contexts::get(db, by.partnership, id));
    if (c.kind != ContextKind::PeerGroup)
        return std::unexpected(Error::invalid("A peer map is kept only on a peer-group context.", "a"));
    return c;
}

std::optional<YoungPersonId> person(const std::string& value)
{
    auto n = text::record_number(value);
    return n ? std::optional<YoungPersonId>{YoungPersonId{*n}} : std::nullopt;
}

}  // namespace

Result<PeerMap> peer_map(store::Connection& db, const User& by, ContextId context)
{
    TRY(need_permission(by, Permission::ReadContexts, "reading contexts"));
    TRY(need_context(db, by, context));
    PeerMap map;
    map.context = TRY(store::contexts::get(db, by.partnership, context));
    if (map.context.kind != ContextKind::PeerGroup) return map;
    map.applies = true;
    map.register_total = TRY(store::young_people::count_for_context(db, by.partnership, context));
    map.links = TRY(store::peer_links::for_context(db, by.partnership, context));
    if (!map.typed()) {
        map.people = TRY(store::young_people::for_context(db, by.partnership, context));
    } else {
        std::map<std::string, YoungPerson> named;  // by pseudonym
        for (const auto& l : map.links)
            for (auto [id, name] : {std::pair{l.a, l.a_name}, std::pair{l.b, l.b_name}}) {
                YoungPerson y;
                y.id = id;
                y.pseudonym = name;
                named.emplace(text::name_key(name), std::move(y));
            }
        for (auto& [key, y] : named) map.people.push_back(std::move(y));
    }
    map.may_edit = role_allows(by.role, Permission::CreateContexts) && map.context.stage != ContextStage::Closed;
    return map;
}

Result<PeerLinkId> add_peer_link(store::Connection& db, const User& by, const Actor& actor, ContextId context,
                                 const PeerLinkForm& form)
{
    TRY(need_permission(by, Permission::CreateContexts, kRecording));
    auto c = TRY(peer_group(db, by, context));
    PeerLink link;
    link.context = c.id;
    auto a = person(form.a), b = person(form.b);
    if (!a) return std::unexpected(Error::invalid("Choose the first young person.", "a"));
    if (!b) return std::unexpected(Error::invalid("Choose who they are linked to.", "b"));
    if (*a == *b) return std::unexpected(Error::invalid("Choose two different young people.", "b"));
    link.a = *a;
    link.b = *b;
    auto source = kLinkSources.parse(form.source);
    if (!source) return std::unexpected(Error::invalid("Choose how the link is known.", "source"));
    link.source = *source;
    auto reliability = kLinkReliabilities.parse(form.reliability);
    if (!reliability) return std::unexpected(Error::invalid("Choose how reliable the link is.", "reliability"));
    link.reliability = *reliability;
    link.note = text::normalise_paragraphs(form.note);
    if (link.source == LinkSource::Other && text::collapse_space(link.note).empty())
        return std::unexpected(Error::invalid("Say in the note how the link is known.", "note"));
    if (auto e = text::check(link.note, "The note", "note", {0, 500, true})) return std::unexpected(*e);
    return store::peer_links::create(db, by.partnership, link, actor);
}

Result<ContextId> remove_peer_link(store::Connection& db, const User& by, const Actor& actor, PeerLinkId id)
{
    TRY(need_permission(by, Permission::CreateContexts, kRecording));
    // Need-to-know before the delete: a lead sees every context of the partnership.
    return store::peer_links::remove(db, by.partnership, id, actor);
}

}  // namespace trellis::service
