// Every route Trellis answers, with the permission it requires. The dispatcher
// checks the permission before the handler runs; handlers then check
// need-to-know for the context they touch. The authorisation test walks this
// table for every role.
#include "web/handlers.hpp"

namespace trellis::web {

std::vector<Route> route_table()
{
    using enum Method;
    using enum Permission;
    using S = Surface;
    namespace h = handlers;
    return {
        {Get, "/sign-in", Public, S::Page, h::sign_in_form},
        {Post, "/sign-in", Public, S::Page, h::sign_in},
        {Post, "/sign-out", SignedIn, S::Page, h::sign_out},
        {Get, "/", SignedIn, S::Page, h::home},
        {Get, "/overview", SignedIn, S::Page, h::overview},
        {Get, "/account", SignedIn, S::Page, h::account},
        {Post, "/account/tokens", SignedIn, S::Page, h::create_token},
        {Post, "/account/tokens/{id}/revoke", SignedIn, S::Page, h::revoke_token},

        {Get, "/contexts", ReadContexts, S::Page, h::contexts},
        {Get, "/contexts/new", CreateContexts, S::Page, h::context_new},
        {Post, "/contexts", CreateContexts, S::Page, h::context_create},
        {Get, "/contexts/{id}", ReadContexts, S::Page, h::context_show},
        {Post, "/contexts/{id}/links", CreateContexts, S::Page, h::context_link},
        {Get, "/contexts/{id}/audit", ReadAudit, S::Page, h::context_audit},
        {Get, "/contexts/{id}/responses", ReadContexts, S::Page, h::responses},
        {Post, "/contexts/{id}/responses", EditFrameworks, S::Page, h::response_add},
        {Get, "/contexts/{id}/responses/import", EditFrameworks, S::Page, h::response_import_form},
        {Post, "/contexts/{id}/responses/import", EditFrameworks, S::Page, h::response_import_upload},
        {Get, "/contexts/{id}/responses/import/{draft_id}", EditFrameworks, S::Page, h::response_import_map},
        {Post, "/contexts/{id}/responses/import/{draft_id}", EditFrameworks, S::Page, h::response_import_confirm},
        {Get, "/contexts/{id}/meetings", ReadContexts, S::Page, h::meetings},
        {Post, "/contexts/{id}/meetings", EditFrameworks, S::Page, h::meeting_create},
        {Get, "/meetings/{id}", ReadContexts, S::Page, h::meeting_show},
        {Post, "/decisions/{id}/action", EditFrameworks, S::Page, h::decision_action},
        {Get, "/contexts/{id}/dashboard", ReadContexts, S::Page, h::context_dashboard},
        {Get, "/contexts/{id}/young-people", ReadContexts, S::Page, h::young_people},
        {Post, "/contexts/{id}/young-people", EditFrameworks, S::Page, h::young_person_create},
        {Post, "/contexts/{id}/young-people/link", CreateContexts, S::Page, h::young_person_link},
        {Get, "/contexts/{id}/evidence", ReadContexts, S::Page, h::evidence_list},
        {Get, "/contexts/{id}/evidence/new", EditFrameworks, S::Page, h::evidence_new},
        {Post, "/contexts/{id}/evidence", EditFrameworks, S::Page, h::evidence_create},
        {Get, "/evidence/{id}", ReadContexts, S::Page, h::evidence_show},
        {Get, "/contexts/{id}/voices", ReadContexts, S::Page, h::voices},
        {Post, "/contexts/{id}/voices", EditFrameworks, S::Page, h::voice_create},
        {Get, "/contexts/{id}/activities", ReadContexts, S::Page, h::activities},
        {Get, "/contexts/{id}/activities/new/{kind}", EditFrameworks, S::Page, h::activity_new},
        {Post, "/contexts/{id}/activities/{kind}", EditFrameworks, S::Page, h::activity_create},
        {Get, "/activities/{id}", ReadContexts, S::Page, h::activity_show},
        {Get, "/contexts/{id}/frameworks/new", CreateFrameworks, S::Page, h::framework_new},
        {Get, "/contexts/{id}/frameworks/import", CreateFrameworks, S::Page, h::framework_import_form},
        {Post, "/contexts/{id}/frameworks/import", CreateFrameworks, S::Page, h::framework_import_upload},
        {Get, "/contexts/{id}/frameworks/import/{draft_id}", CreateFrameworks, S::Page, h::framework_import_preview},
        {Post, "/contexts/{id}/frameworks/import/{draft_id}", CreateFrameworks, S::Page, h::framework_import_confirm},
        {Post, "/contexts/{id}/frameworks", CreateFrameworks, S::Page, h::framework_create},

        {Get, "/frameworks/{id}", ReadContexts, S::Page, h::framework_show},
        {Get, "/frameworks/{id}/edit", CreateFrameworks, S::Page, h::framework_edit},
        {Get, "/frameworks/{id}/export/{format}", ReadContexts, S::Page, h::framework_export},
        {Post, "/frameworks/{id}", CreateFrameworks, S::Page, h::framework_update},
        {Post, "/frameworks/{id}/areas", EditFrameworks, S::Page, h::area_add},
        {Get, "/areas/{id}/edit", EditFrameworks, S::Page, h::area_edit},
        {Post, "/areas/{id}", EditFrameworks, S::Page, h::area_rename},
        {Post, "/areas/{id}/move", EditFrameworks, S::Page, h::area_move},
        {Post, "/areas/{id}/delete", EditFrameworks, S::Page, h::area_delete},
        {Get, "/areas/{id}/goals/new", EditFrameworks, S::Page, h::goal_new},
        {Post, "/areas/{id}/goals", EditFrameworks, S::Page, h::goal_create},
        {Get, "/goals/{id}/edit", EditFrameworks, S::Page, h::goal_edit},
        {Post, "/goals/{id}", EditFrameworks, S::Page, h::goal_update},
        {Post, "/goals/{id}/move", EditFrameworks, S::Page, h::goal_move},
        {Post, "/goals/{id}/remove", EditFrameworks, S::Page, h::goal_remove},
        {Post, "/goals/{id}/restore", EditFrameworks, S::Page, h::goal_restore},
        {Get, "/goals/{id}/stages/{stage}/edit", EditFrameworks, S::Page, h::stage_edit},
        {Post, "/goals/{id}/stages/{stage}", EditFrameworks, S::Page, h::stage_save},
        {Get, "/goals/{id}/stages/{stage}/history", ReadContexts, S::Page, h::stage_history},

        {Get, "/goals/{id}/indicators/new", EditFrameworks, S::Page, h::indicator_new},
        {Post, "/goals/{id}/indicators", EditFrameworks, S::Page, h::indicator_create},
        {Get, "/indicators/{id}", ReadContexts, S::Page, h::indicator_show},
        {Post, "/indicators/{id}/measurements", EditFrameworks, S::Page, h::measurement_add},
        {Get, "/goals/{id}/outcome", EditFrameworks, S::Page, h::outcome_form},
        {Post, "/goals/{id}/outcome", EditFrameworks, S::Page, h::outcome_rate},
        {Get, "/dashboard", ReadReports, S::Page, h::dashboard},

        {Get, "/goals/{id}/actions/new", EditFrameworks, S::Page, h::action_new},
        {Post, "/goals/{id}/actions", EditFrameworks, S::Page, h::action_create},
        {Get, "/actions/{id}", WorkOnActions, S::Page, h::action_show},
        {Post, "/actions/{id}/progress", WorkOnActions, S::Page, h::action_progress},
        {Get, "/my-actions", WorkOnActions, S::Page, h::my_actions},
        {Get, "/admin/agencies", ManageUsers, S::Page, h::agencies},
        {Post, "/admin/agencies", ManageUsers, S::Page, h::agency_create},

        {Get, "/lens", SignedIn, S::Page, h::lens_form},
        {Post, "/lens", SignedIn, S::Page, h::lens_analyse},
        {Get, "/lens/trends", ReadReports, S::Page, h::lens_trends},

        {Get, "/admin/lexicon", ManageUsers, S::Page, h::admin_lexicon},
        {Post, "/admin/lexicon", ManageUsers, S::Page, h::admin_lexicon_add},
        {Post, "/admin/lexicon/{id}/remove", ManageUsers, S::Page, h::admin_lexicon_remove},
        {Get, "/admin/users", ManageUsers, S::Page, h::users},
        {Get, "/admin/users/new", ManageUsers, S::Page, h::user_new},
        {Post, "/admin/users", ManageUsers, S::Page, h::user_create},
        {Get, "/allocations", ManageAllocations, S::Page, h::allocations},
        {Post, "/allocations/{id}", ManageAllocations, S::Page, h::allocation_add},
        {Post, "/allocations/{id}/{context_id}/remove", ManageAllocations, S::Page, h::allocation_remove},

        {Get, "/api/v1/openapi.json", Public, S::Api, h::api_openapi},
        {Get, "/api/v1/contexts", ReadContexts, S::Api, h::api_contexts},
        {Post, "/api/v1/contexts", CreateContexts, S::Api, h::api_context_create},
        {Get, "/api/v1/contexts/{id}", ReadContexts, S::Api, h::api_context},
        {Get, "/api/v1/contexts/{id}/audit", ReadAudit, S::Api, h::api_context_audit},
        {Post, "/api/v1/contexts/{id}/frameworks", CreateFrameworks, S::Api, h::api_framework_create},
        {Get, "/api/v1/frameworks/{id}", ReadContexts, S::Api, h::api_framework},
        {Get, "/api/v1/frameworks/{id}/export/{format}", ReadContexts, S::Api, h::framework_export},
        {Patch, "/api/v1/frameworks/{id}", CreateFrameworks, S::Api, h::api_framework_update},
        {Post, "/api/v1/frameworks/{id}/areas", EditFrameworks, S::Api, h::api_area_add},
        {Patch, "/api/v1/areas/{id}", EditFrameworks, S::Api, h::api_area_update},
        {Delete, "/api/v1/areas/{id}", EditFrameworks, S::Api, h::api_area_delete},
        {Post, "/api/v1/areas/{id}/goals", EditFrameworks, S::Api, h::api_goal_add},
        {Patch, "/api/v1/goals/{id}", EditFrameworks, S::Api, h::api_goal_update},
        {Delete, "/api/v1/goals/{id}", EditFrameworks, S::Api, h::api_goal_delete},
        {Put, "/api/v1/goals/{id}/stages/{stage}", EditFrameworks, S::Api, h::api_stage_put},
        {Get, "/api/v1/goals/{id}/stages/{stage}/history", ReadContexts, S::Api, h::api_stage_history},
        {Post, "/api/v1/lens", SignedIn, S::Api, h::api_lens},
    };
}

}  // namespace trellis::web
