// Request handlers, one function per route (see routes.cpp for the table).
#pragma once

#include "domain/action.hpp"
#include "web/app.hpp"
#include "web/forms.hpp"

namespace trellis::web::handlers {

// Each returns its response or an Error, which the dispatcher turns into the
// status and a page (or a JSON body on the API).

// auth_pages.cpp
Result<Response> sign_in_form(Ctx& c);
Result<Response> sign_in(Ctx& c);
Result<Response> sign_out(Ctx& c);
Result<Response> home(Ctx& c);
Result<Response> overview(Ctx& c);
Result<Response> account(Ctx& c);
Result<Response> create_token(Ctx& c);
Result<Response> revoke_token(Ctx& c);
Result<Response> api_guide(Ctx& c);
// The home page's counts (the overview page and its API), kept until an
// audited change or the day's end.
Result<std::shared_ptr<const service::HomeOverview>> kept_overview(Ctx& c);

// context_pages.cpp
Result<Response> contexts(Ctx& c);
Result<Response> context_new(Ctx& c);
Result<Response> context_create(Ctx& c);
Result<Response> context_show(Ctx& c);
Result<Response> context_link(Ctx& c);

// auth_pages.cpp: exceptional access
Result<Response> open_context_form(Ctx& c);
Result<Response> open_context(Ctx& c);
Result<Response> access_review(Ctx& c);

// retention_pages.cpp
Result<Response> admin_retention(Ctx& c);
Result<Response> admin_retention_save(Ctx& c);
Result<Response> admin_hold_place(Ctx& c);
Result<Response> admin_hold_lift(Ctx& c);
Result<Response> retention_preview(Ctx& c);
Result<Response> context_holds(Ctx& c);
Result<Response> peer_map(Ctx& c);
Result<Response> peer_link_add(Ctx& c);
Result<Response> peer_link_remove(Ctx& c);
Result<Response> subject_requests(Ctx& c);
Result<Response> subject_request_new(Ctx& c);
Result<Response> subject_request_create(Ctx& c);
Result<Response> subject_request_show(Ctx& c);
Result<Response> subject_request_identity(Ctx& c);
Result<Response> subject_request_extend(Ctx& c);
Result<Response> subject_request_review(Ctx& c);
Result<Response> subject_request_release(Ctx& c);
Result<Response> subject_request_note(Ctx& c);
Result<Response> subject_request_erase(Ctx& c);
Result<Response> subject_request_close(Ctx& c);
Result<Response> subject_bundle(Ctx& c);
Result<Response> context_hold_place(Ctx& c);
Result<Response> context_hold_lift(Ctx& c);

// audit_pages.cpp
Result<Response> context_audit(Ctx& c);
Result<Response> audit_trail(Ctx& c);
Result<Response> disclosures(Ctx& c);

// framework_pages.cpp
Result<Response> framework_new(Ctx& c);
Result<Response> framework_create(Ctx& c);
Result<Response> framework_show(Ctx& c);
Result<Response> framework_edit(Ctx& c);
Result<Response> framework_share(Ctx& c);
Result<Response> framework_export(Ctx& c);
Result<Response> framework_update(Ctx& c);
Result<Response> area_add(Ctx& c);
Result<Response> area_edit(Ctx& c);
Result<Response> area_rename(Ctx& c);
Result<Response> area_move(Ctx& c);
Result<Response> area_delete(Ctx& c);
Result<Response> goal_new(Ctx& c);
Result<Response> goal_create(Ctx& c);
Result<Response> goal_edit(Ctx& c);
Result<Response> goal_update(Ctx& c);
Result<Response> goal_move(Ctx& c);
Result<Response> goal_remove(Ctx& c);
Result<Response> goal_restore(Ctx& c);
Result<Response> stage_edit(Ctx& c);
Result<Response> stage_save(Ctx& c);
Result<Response> stage_history(Ctx& c);
Result<Response> goal_check(Ctx& c);

// framework_import_pages.cpp
Result<Response> framework_import_form(Ctx& c);
Result<Response> framework_import_upload(Ctx& c);
Result<Response> framework_import_preview(Ctx& c);
Result<Response> framework_import_confirm(Ctx& c);

// admin_pages.cpp
Result<Response> users(Ctx& c);
Result<Response> user_new(Ctx& c);
Result<Response> user_create(Ctx& c);
Result<Response> user_unlock(Ctx& c);
Result<Response> user_deactivate(Ctx& c);
Result<Response> user_reactivate(Ctx& c);
Result<Response> allocations(Ctx& c);
Result<Response> practitioner_allocations(Ctx& c);
Result<Response> allocation_add(Ctx& c);
Result<Response> allocation_remove(Ctx& c);

Result<Response> user_sign_off(Ctx& c);

// lifecycle_pages.cpp
Result<Response> concerns(Ctx& c);
Result<Response> concern_new(Ctx& c);
Result<Response> concern_create(Ctx& c);
Result<Response> concern_show(Ctx& c);
Result<Response> screening_start(Ctx& c);
Result<Response> screening_decide(Ctx& c);
Result<Response> places_admin(Ctx& c);
Result<Response> place_add(Ctx& c);
Result<Response> repeat_rule_set(Ctx& c);
Result<Response> goal_library(Ctx& c);
Result<Response> goal_library_add(Ctx& c);
Result<Response> goal_library_remove(Ctx& c);
Result<Response> reviews(Ctx& c);
Result<Response> review_create(Ctx& c);
Result<Response> review_show(Ctx& c);
Result<Response> review_sign_off(Ctx& c);
Result<Response> chronology(Ctx& c);
Result<Response> summary_sent(Ctx& c);
Result<Response> conference_summary(Ctx& c);

// assessment_pages.cpp
Result<Response> assessment(Ctx& c);
Result<Response> assessment_start(Ctx& c);
Result<Response> assessment_show(Ctx& c);
Result<Response> finding_add(Ctx& c);
Result<Response> finding_remove(Ctx& c);
Result<Response> assessment_discussion(Ctx& c);
Result<Response> assessment_complete(Ctx& c);
Result<Response> framework_from_assessment_form(Ctx& c);
Result<Response> framework_from_assessment(Ctx& c);

// privacy_pages.cpp
Result<Response> privacy_index(Ctx& c);
Result<Response> privacy_notice(Ctx& c);
Result<Response> privacy_edit(Ctx& c);
Result<Response> privacy_publish(Ctx& c);
Result<Response> telling(Ctx& c);
Result<Response> telling_record(Ctx& c);

// lens_pages.cpp
// The lens's flags for a text about to be saved (a stage, minutes): each
// flagged phrase once with its tier, suggested alternative and why; young
// people's quoted words set aside. For the "Check wording" button.
Result<nlohmann::json> wording_check(Ctx& c, const std::string& text);
Result<Response> lens_form(Ctx& c);
Result<Response> lens_analyse(Ctx& c);
Result<Response> lens_trends(Ctx& c);
Result<Response> search_page(Ctx& c);
Result<Response> api_search(Ctx& c);
Result<Response> api_lens(Ctx& c);
Result<Response> api_lens_trends(Ctx& c);
Result<Response> admin_lexicon(Ctx& c);
Result<Response> admin_lexicon_add(Ctx& c);
Result<Response> admin_lexicon_remove(Ctx& c);

// action_pages.cpp
Result<Response> action_new(Ctx& c);
Result<Response> action_create(Ctx& c);
Result<Response> action_show(Ctx& c);
Result<Response> action_progress(Ctx& c);
Result<Response> my_actions(Ctx& c);
Result<Response> actions_list(Ctx& c);
// The filters of the partnership's actions list from a query string (the page
// and the API): overdue=yes|true, agency, context, approach, status. Invalid
// naming the field for a value that is not one of the choices.
Result<ActionFilter> action_filter(const Form& query);
Result<Response> agencies(Ctx& c);
Result<Response> agency_create(Ctx& c);
Result<Response> agreement_add(Ctx& c);

// evidence_pages.cpp
Result<Response> young_people(Ctx& c);
Result<Response> young_person_create(Ctx& c);
Result<Response> young_person_link(Ctx& c);
Result<Response> young_person_edit(Ctx& c);
Result<Response> young_person_update(Ctx& c);
Result<Response> young_person_remove(Ctx& c);
Result<Response> evidence_list(Ctx& c);
Result<Response> evidence_new(Ctx& c);
Result<Response> evidence_create(Ctx& c);
Result<Response> evidence_show(Ctx& c);
Result<Response> voices(Ctx& c);
Result<Response> voice_create(Ctx& c);
Result<Response> evidence_delete(Ctx& c);
Result<Response> voice_delete(Ctx& c);

// activity_pages.cpp
Result<Response> activities(Ctx& c);
Result<Response> activity_new(Ctx& c);
Result<Response> activity_create(Ctx& c);
Result<Response> activity_draft_save(Ctx& c);
Result<Response> activity_draft_discard(Ctx& c);
Result<Response> activity_show(Ctx& c);
Result<Response> activity_delete(Ctx& c);

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
Result<Response> api_young_person_update(Ctx& c);
Result<Response> api_young_person_link(Ctx& c);
Result<Response> api_young_person_unlink(Ctx& c);
Result<Response> api_evidence_create(Ctx& c);
Result<Response> api_voices(Ctx& c);
Result<Response> api_voice_create(Ctx& c);
Result<Response> api_activities(Ctx& c);
Result<Response> api_indicators(Ctx& c);
Result<Response> api_dashboard(Ctx& c);
Result<Response> api_overview(Ctx& c);
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
Result<Response> api_partnership_actions(Ctx& c);
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
Result<Response> indicator_new(Ctx& c);
Result<Response> indicator_create(Ctx& c);
Result<Response> indicator_show(Ctx& c);
Result<Response> measurement_add(Ctx& c);
Result<Response> outcome_form(Ctx& c);
Result<Response> outcome_rate(Ctx& c);
Result<Response> context_dashboard(Ctx& c);
Result<Response> dashboard(Ctx& c);

// response_pages.cpp
Result<Response> responses(Ctx& c);
Result<Response> response_add(Ctx& c);
Result<Response> response_import_form(Ctx& c);
Result<Response> response_import_upload(Ctx& c);
Result<Response> response_import_map(Ctx& c);
Result<Response> response_import_confirm(Ctx& c);

// meeting_pages.cpp
Result<Response> meetings(Ctx& c);
Result<Response> meeting_create(Ctx& c);
Result<Response> meeting_show(Ctx& c);
Result<Response> decision_action(Ctx& c);

// api.cpp
Result<Response> api_openapi(Ctx& c);
Result<Response> api_contexts(Ctx& c);
Result<Response> api_context_create(Ctx& c);
Result<Response> api_context(Ctx& c);
Result<Response> api_context_link(Ctx& c);
Result<Response> api_framework_import_upload(Ctx& c);
Result<Response> api_framework_import(Ctx& c);
Result<Response> api_framework_import_confirm(Ctx& c);
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
