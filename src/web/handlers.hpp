// Request handlers, one function per route (see routes.cpp for the table).
#pragma once

#include "web/app.hpp"

namespace trellis::web::handlers {

// Each returns its response or an Error, which the dispatcher turns into the
// status and a page (or a JSON body on the API).

// auth_pages.cpp
Response sign_in_form(Ctx& c);
Response sign_in(Ctx& c);
Response sign_out(Ctx& c);
Response home(Ctx& c);
Response overview(Ctx& c);
Response account(Ctx& c);
Response create_token(Ctx& c);
Response revoke_token(Ctx& c);
Response api_guide(Ctx& c);

// context_pages.cpp
Response contexts(Ctx& c);
Response context_new(Ctx& c);
Response context_create(Ctx& c);
Response context_show(Ctx& c);
Response context_link(Ctx& c);
Response context_audit(Ctx& c);

// framework_pages.cpp
Response framework_new(Ctx& c);
Response framework_create(Ctx& c);
Response framework_show(Ctx& c);
Response framework_edit(Ctx& c);
Response framework_export(Ctx& c);
Response framework_update(Ctx& c);
Response area_add(Ctx& c);
Response area_edit(Ctx& c);
Response area_rename(Ctx& c);
Response area_move(Ctx& c);
Response area_delete(Ctx& c);
Response goal_new(Ctx& c);
Response goal_create(Ctx& c);
Response goal_edit(Ctx& c);
Response goal_update(Ctx& c);
Response goal_move(Ctx& c);
Response goal_remove(Ctx& c);
Response goal_restore(Ctx& c);
Response stage_edit(Ctx& c);
Response stage_save(Ctx& c);
Response stage_history(Ctx& c);

// framework_import_pages.cpp
Response framework_import_form(Ctx& c);
Response framework_import_upload(Ctx& c);
Response framework_import_preview(Ctx& c);
Response framework_import_confirm(Ctx& c);

// admin_pages.cpp
Response users(Ctx& c);
Response user_new(Ctx& c);
Response user_create(Ctx& c);
Response user_unlock(Ctx& c);
Response user_deactivate(Ctx& c);
Response user_reactivate(Ctx& c);
Response allocations(Ctx& c);
Response allocation_add(Ctx& c);
Response allocation_remove(Ctx& c);

// lens_pages.cpp
Response lens_form(Ctx& c);
Response lens_analyse(Ctx& c);
Response lens_trends(Ctx& c);
Response api_lens(Ctx& c);
Response admin_lexicon(Ctx& c);
Response admin_lexicon_add(Ctx& c);
Response admin_lexicon_remove(Ctx& c);

// action_pages.cpp
Response action_new(Ctx& c);
Response action_create(Ctx& c);
Response action_show(Ctx& c);
Response action_progress(Ctx& c);
Response my_actions(Ctx& c);
Response agencies(Ctx& c);
Response agency_create(Ctx& c);

// evidence_pages.cpp
Response young_people(Ctx& c);
Response young_person_create(Ctx& c);
Response young_person_link(Ctx& c);
Response young_person_edit(Ctx& c);
Response young_person_update(Ctx& c);
Response young_person_remove(Ctx& c);
Response evidence_list(Ctx& c);
Response evidence_new(Ctx& c);
Response evidence_create(Ctx& c);
Response evidence_show(Ctx& c);
Response voices(Ctx& c);
Response voice_create(Ctx& c);
Response evidence_delete(Ctx& c);
Response voice_delete(Ctx& c);

// activity_pages.cpp
Response activities(Ctx& c);
Response activity_new(Ctx& c);
Response activity_create(Ctx& c);
Response activity_show(Ctx& c);
Response activity_delete(Ctx& c);

// api_evidence.cpp
Result<Response> api_evidence(Ctx& c);
Result<Response> api_measurement_add(Ctx& c);
Result<Response> api_outcome_rate(Ctx& c);
Result<Response> api_young_people(Ctx& c);
Result<Response> api_agencies(Ctx& c);
Result<Response> api_activity_create(Ctx& c);
Result<Response> api_activity_comparison(Ctx& c);
Result<Response> api_response_import_upload(Ctx& c);
Result<Response> api_response_import_preview(Ctx& c);
Result<Response> api_response_import_confirm(Ctx& c);
Result<Response> api_action_create(Ctx& c);
Result<Response> api_young_person_create(Ctx& c);
Result<Response> api_evidence_create(Ctx& c);
Result<Response> api_voices(Ctx& c);
Result<Response> api_voice_create(Ctx& c);
Result<Response> api_activities(Ctx& c);
Result<Response> api_indicators(Ctx& c);
Result<Response> api_dashboard(Ctx& c);
Result<Response> api_evidence_record(Ctx& c);
Result<Response> api_evidence_delete(Ctx& c);
Result<Response> api_voice_delete(Ctx& c);
Result<Response> api_activity(Ctx& c);
Result<Response> api_activity_delete(Ctx& c);
Result<Response> api_indicator_create(Ctx& c);
Result<Response> api_indicator(Ctx& c);

// api_actions.cpp
Result<Response> api_agency_create(Ctx& c);
Result<Response> api_my_actions(Ctx& c);
Result<Response> api_action(Ctx& c);
Result<Response> api_action_progress(Ctx& c);

// api_meetings.cpp
Result<Response> api_meetings(Ctx& c);
Result<Response> api_meeting_create(Ctx& c);
Result<Response> api_meeting(Ctx& c);
Result<Response> api_decision_action(Ctx& c);

// api_responses.cpp
Result<Response> api_responses(Ctx& c);
Result<Response> api_response_add(Ctx& c);

// api_admin.cpp
Result<Response> api_users(Ctx& c);
Result<Response> api_user_create(Ctx& c);
Result<Response> api_user_unlock(Ctx& c);
Result<Response> api_user_deactivate(Ctx& c);
Result<Response> api_user_reactivate(Ctx& c);
Result<Response> api_allocations(Ctx& c);
Result<Response> api_allocation_put(Ctx& c);
Result<Response> api_allocation_delete(Ctx& c);
Result<Response> api_lexicon(Ctx& c);
Result<Response> api_lexicon_add(Ctx& c);
Result<Response> api_lexicon_remove(Ctx& c);

// measure_pages.cpp
Response indicator_new(Ctx& c);
Response indicator_create(Ctx& c);
Response indicator_show(Ctx& c);
Response measurement_add(Ctx& c);
Response outcome_form(Ctx& c);
Response outcome_rate(Ctx& c);
Response context_dashboard(Ctx& c);
Response dashboard(Ctx& c);

// response_pages.cpp
Response responses(Ctx& c);
Response response_add(Ctx& c);
Response response_import_form(Ctx& c);
Response response_import_upload(Ctx& c);
Response response_import_map(Ctx& c);
Response response_import_confirm(Ctx& c);

// meeting_pages.cpp
Response meetings(Ctx& c);
Response meeting_create(Ctx& c);
Response meeting_show(Ctx& c);
Response decision_action(Ctx& c);

// api.cpp
Response api_openapi(Ctx& c);
Result<Response> api_contexts(Ctx& c);
Result<Response> api_context_create(Ctx& c);
Result<Response> api_context(Ctx& c);
Result<Response> api_framework(Ctx& c);
Result<Response> api_framework_create(Ctx& c);
Result<Response> api_framework_update(Ctx& c);
Result<Response> api_area_add(Ctx& c);
Result<Response> api_area_update(Ctx& c);
Result<Response> api_area_delete(Ctx& c);
Result<Response> api_goal_add(Ctx& c);
Result<Response> api_goal_update(Ctx& c);
Result<Response> api_goal_delete(Ctx& c);
Result<Response> api_stage_put(Ctx& c);
Result<Response> api_stage_history(Ctx& c);
Result<Response> api_context_audit(Ctx& c);

}  // namespace trellis::web::handlers
