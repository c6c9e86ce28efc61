#include "domain/policy.hpp"

namespace trellis {

std::string_view to_string(Permission p)
{
    switch (p) {
        case Permission::Public: return "public";
        case Permission::SignedIn: return "signed_in";
        case Permission::ReadContexts: return "read_contexts";
        case Permission::EditFrameworks: return "edit_frameworks";
        case Permission::CreateContexts: return "create_contexts";
        case Permission::CreateFrameworks: return "create_frameworks";
        case Permission::ReadAudit: return "read_audit";
        case Permission::ManageUsers: return "manage_users";
        case Permission::ManageAllocations: return "manage_allocations";
        case Permission::ReadReports: return "read_reports";
        case Permission::WorkOnActions: return "work_on_actions";
    }
    return "public";
}

bool role_allows(Role role, Permission permission)
{
    switch (permission) {
        case Permission::Public:
        case Permission::SignedIn: return true;
        case Permission::ReadContexts:
        case Permission::EditFrameworks: return role == Role::Lead || role == Role::Practitioner;
        case Permission::CreateContexts:
        case Permission::CreateFrameworks:
        case Permission::ReadAudit: return role == Role::Lead;
        case Permission::ManageUsers: return role == Role::Admin;
        case Permission::ManageAllocations: return role == Role::Admin || role == Role::Lead;
        case Permission::ReadReports: return role == Role::Lead || role == Role::Viewer;
        case Permission::WorkOnActions:
            return role == Role::Lead || role == Role::Practitioner || role == Role::Partner;
    }
    return false;
}

bool may_access_context(Role role, bool allocated)
{
    return role == Role::Lead || (works_by_allocation(role) && allocated);
}

bool works_by_allocation(Role role)
{
    return role == Role::Practitioner;
}

bool sees_own_agency_actions_only(Role role)
{
    return role == Role::Partner;
}

std::string_view landing_page(Role role)
{
    switch (role) {
        case Role::Lead:
        case Role::Practitioner: return "/contexts";
        case Role::Admin: return "/admin/users";
        case Role::Partner: return "/my-actions";
        case Role::Viewer: return "/overview";
    }
    return "/overview";
}

std::string_view describe(Role role)
{
    switch (role) {
        case Role::Admin: return "Manages accounts and allocations; does not see contexts.";
        case Role::Lead: return "Creates and owns frameworks; sees every context of the partnership.";
        case Role::Practitioner: return "Sees and writes only the contexts allocated to them.";
        case Role::Partner: return "Sees only what is shared with their agency.";
        case Role::Viewer: return "Reads aggregate reports only.";
    }
    return "";
}

}  // namespace trellis
