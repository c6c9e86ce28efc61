// The peer map of a peer-group context: links between young people on its
// register (pseudonyms only), each with how the link is known and how far it
// can be relied on. Leads record it; it never leaves Trellis except in a
// subject access bundle for someone it names.
#pragma once

#include <string>

#include "domain/choices.hpp"
#include "domain/evidence.hpp"
#include "domain/ids.hpp"

namespace trellis {

using PeerLinkId = Id<struct PeerLinkTag>;

enum class LinkSource { Observed, ToldByYoungPerson, ToldByPartner, Activity, Online, Other };
inline constexpr Choices<LinkSource, 6> kLinkSources{{{
    {"observed", "Seen together by a worker"},
    {"young_person", "Told by one of the young people"},
    {"partner", "Told by a partner agency"},
    {"activity", "From a group activity (who do you trust, places mapping)"},
    {"online", "Seen online"},
    {"other", "Another way, given in the note"},
}}};

enum class LinkReliability { Confirmed, Likely, Unverified };
inline constexpr Choices<LinkReliability, 3> kLinkReliabilities{{{
    {"confirmed", "Confirmed: seen or told by more than one source"},
    {"likely", "Likely: one reliable source"},
    {"unverified", "Unverified: heard once, not checked"},
}}};

struct PeerLink {
    PeerLinkId id;
    ContextId context;
    YoungPersonId a, b;  // a < b: a link has no direction
    std::string a_name, b_name;
    LinkSource source = LinkSource::Observed;
    LinkReliability reliability = LinkReliability::Unverified;
    std::string note;
    std::string recorded_by, recorded_at;
};

}  // namespace trellis
