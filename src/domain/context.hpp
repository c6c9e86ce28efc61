// A context is the record in Contextual Safeguarding: a peer group, a place, a
// school, an online space. Young people are linked to it, not the other way round.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/choices.hpp"
#include "domain/error.hpp"
#include "domain/ids.hpp"

namespace trellis {

enum class ContextKind { PeerGroup, Place, School, Online, Other };

inline constexpr Choices<ContextKind, 5> kContextKinds{{{
    {"peer_group", "Peer group"},
    {"place", "Place"},
    {"school", "School or college"},
    {"online", "Online space"},
    {"other", "Other"},
}}};

std::string_view to_string(ContextKind k);  // "peer_group"
std::string_view label(ContextKind k);      // "Peer group"
std::optional<ContextKind> parse_context_kind(std::string_view s);

// Where the work on a context has got to (see domain/lifecycle.hpp).
enum class ContextStage { Concern, Screening, Assessment, Planning, Active, Review, Closed };
inline constexpr Choices<ContextStage, 7> kContextStages{{{
    {"concern", "Concern raised"},
    {"screening", "Screening"},
    {"assessment", "Assessment"},
    {"planning", "Planning"},
    {"active", "Active"},
    {"review", "Review"},
    {"closed", "Closed"},
}}};

struct ContextLink {
    ContextId to;
    std::string to_name;
    std::string label;  // "meets at", "attends"
};

struct Context {
    ContextId id;
    PartnershipId partnership;
    ContextKind kind = ContextKind::PeerGroup;
    std::string name;
    std::string description;
    std::vector<ContextLink> links;
    ContextStage stage = ContextStage::Assessment;
    std::string created_at;
    std::string updated_at;
};

// What the contexts list is narrowed to: part of the name (any case) and a kind.
struct ContextFilter {
    std::string name;
    std::optional<ContextKind> kind;
    std::optional<ContextStage> stage;
};

// A context as the list shows it, with how many frameworks it has.
struct ContextListing {
    Context context;
    std::int64_t frameworks = 0;
};

namespace limits {
inline constexpr std::size_t kContextName = 120;
inline constexpr std::size_t kContextDescription = 5000;
inline constexpr std::size_t kLinkLabel = 60;
}  // namespace limits

std::vector<Error> validate(const Context& context);
std::optional<Error> check_link_label(std::string_view label);

}  // namespace trellis
