// Who may do what. Route-level permissions are checked by the dispatcher for
// every route; context-level need-to-know is checked where a context is touched.
#pragma once

#include <array>
#include <string_view>

#include "domain/user.hpp"

namespace trellis {

enum class Permission {
    Public,             // anyone, signed in or not (sign-in page, assets, health)
    SignedIn,           // any signed-in user (home, sign out, own API tokens)
    ReadContexts,       // contexts and their frameworks (leads; practitioners where allocated)
    EditFrameworks,     // areas, goals and stages (leads; practitioners where allocated)
    CreateContexts,     // new contexts (leads)
    CreateFrameworks,   // new frameworks, framework details (leads)
    ReadAudit,          // a context's audit trail (leads)
    ManageUsers,        // accounts (admins)
    ManageAllocations,  // which practitioner works on which context (admins, leads)
    ReadReports,        // partnership-wide reports such as language trends (leads, viewers)
    WorkOnActions,      // see and update actions (leads, practitioners; partners for their agency's)
};

inline constexpr std::array kPermissions = {
    Permission::Public,         Permission::SignedIn,       Permission::ReadContexts,
    Permission::EditFrameworks, Permission::CreateContexts, Permission::CreateFrameworks,
    Permission::ReadAudit,      Permission::ManageUsers,    Permission::ManageAllocations,
    Permission::ReadReports,    Permission::WorkOnActions};

std::string_view to_string(Permission p);

// Whether the role holds the permission at all.
bool role_allows(Role role, Permission permission);

// Need-to-know for one context: leads see every context of their partnership;
// practitioners only those allocated to them; nobody else sees contexts.
bool may_access_context(Role role, bool allocated);

// Contexts are allocated to people of this role one by one (practitioners);
// without an allocation they see none.
bool works_by_allocation(Role role);

// People of this role see only the actions their own agency owns or takes
// part in, never a context's records (partner agencies).
bool sees_own_agency_actions_only(Role role);

// Where a role starts after signing in.
std::string_view landing_page(Role role);

// One sentence on what a role sees and does, for people choosing a role.
std::string_view describe(Role role);

}  // namespace trellis
