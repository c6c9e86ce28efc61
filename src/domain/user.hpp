// People who sign in, the partnership (tenant) they belong to and their role.
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

// admin: users, agencies, templates. lead: owns frameworks, sees every context of
// the partnership. practitioner: only contexts allocated to them. partner: only
// what is shared with their agency. viewer: read-only aggregate reports.
enum class Role { Admin, Lead, Practitioner, Partner, Viewer };
inline constexpr Choices<Role, 5> kRoles{{{
    {"admin", "Administrator"},
    {"lead", "Contextual Safeguarding lead"},
    {"practitioner", "Practitioner"},
    {"partner", "Partner agency"},
    {"viewer", "Viewer"},
}}};

std::string_view to_string(Role r);
std::string_view label(Role r);
std::optional<Role> parse_role(std::string_view s);

enum class AgencyKind {
    Police,
    CommunitySafety,
    ChildrensSocialCare,
    Education,
    YouthService,
    Health,
    Housing,
    Leisure,
    VoluntaryCommunity,
    Business,
    ResidentsGroup,
    Other
};
inline constexpr Choices<AgencyKind, 12> kAgencyKinds{{{
    {"police", "Police"},
    {"community_safety", "Community safety"},
    {"childrens_social_care", "Children's social care"},
    {"education", "Education"},
    {"youth_service", "Youth service"},
    {"health", "Health"},
    {"housing", "Housing"},
    {"leisure", "Leisure"},
    {"voluntary_community", "Voluntary or community group"},
    {"business", "Business"},
    {"residents_group", "Residents' group"},
    {"other", "Other"},
}}};
std::string_view to_string(AgencyKind k);
std::string_view agency_label(AgencyKind k);
std::optional<AgencyKind> parse_agency_kind(std::string_view s);

struct Partnership {
    PartnershipId id;
    std::string slug;  // short stable handle used on the command line
    std::string name;
};

struct Agency {
    AgencyId id;
    PartnershipId partnership;
    std::string name;
    AgencyKind kind = AgencyKind::Other;
    std::string contact_name;
    std::string contact_email;
    std::string contact_phone;
};

struct User {
    UserId id;
    PartnershipId partnership;
    std::string email;  // stored lower-case; unique across the install
    std::string display_name;
    Role role = Role::Viewer;
    std::optional<AgencyId> agency;
    bool active = true;
    std::string created_at;
};

inline constexpr std::size_t kMinPasswordLength = 12;

std::string normalise_email(std::string_view email);
std::vector<Error> validate(const User& user);
std::optional<Error> check_password(std::string_view password);
std::optional<Error> check_slug(std::string_view slug);

}  // namespace trellis

namespace trellis {

// Sign-in throttling. Failures are counted over a window per account and per
// client address; after `free` failures each further one makes the next try
// wait longer (5 s, 10 s, 20 s, … up to 15 minutes). A browser that has signed
// in to the account before is never held back by the wait.
struct SignInRules {
    std::int64_t window_seconds = 15 * 60;
    std::int64_t free_per_account = 5;
    std::int64_t free_per_address = 20;
};

// Seconds still to wait after `failures` failures, the last at `latest_unix`.
std::int64_t sign_in_wait(std::int64_t failures, std::int64_t free, std::int64_t latest_unix, std::int64_t now_unix);

// API tokens last this long unless their owner chooses otherwise at creation.
inline constexpr int kTokenDefaultDays = 90;
inline constexpr int kTokenMaxDays = 365;

// A signed-in browser session and its user.
struct SessionRecord {
    User user;
    std::string csrf_token;
    std::int64_t created_unix = 0;
    std::int64_t seen_unix = 0;
};

// An API token as its owner sees it (never the token itself).
struct TokenInfo {
    std::int64_t id = 0;
    std::string label;
    std::string created_at;
    std::string last_used_at;
    std::int64_t expires_unix = 0;
    bool read_only = false;  // reads only: for reporting tools
};

// The user an API token signs in, and whether it only reads.
struct TokenHolder {
    User user;
    bool read_only = false;
};

}  // namespace trellis
