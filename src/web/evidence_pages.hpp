// Pieces the evidence, activity and measurement pages share.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/context.hpp"
#include "domain/evidence.hpp"
#include "domain/indicator.hpp"
#include "service/register.hpp"
#include "web/app.hpp"

namespace trellis::web {

// The context after the need-to-know check (NotFound when this user may not see it).
Result<Context> context_for(Ctx& c, ContextId id);
// context_id and context_name, for the caption every context page carries.
nlohmann::json context_model(const Context& ctx);
// Options from a context's register, with the chosen ids selected.
nlohmann::json register_options(const std::vector<YoungPerson>& people, const std::vector<std::string>& chosen);
// What a form offers to choose from the register: people (options), has_people,
// and people_typed with register_total when the register is too long to list.
nlohmann::json register_choice_model(const service::RegisterChoice& choice, const std::vector<std::string>& chosen);
// How many the register holds, as a form says it: "3,789", or "more than 1,000".
std::string register_total(const service::RegisterChoice& choice);
// The first paragraph of a record's narrative, cut to about 160 characters.
std::string evidence_summary(const EvidenceRecord& e);

}  // namespace trellis::web

namespace trellis::web {
// An indicator's baseline → latest → target, its trend and its tag colour.
nlohmann::json indicator_model(const Indicator& i);
}  // namespace trellis::web
