// A framework template: the areas of focus and stage questions a new framework
// starts from. Templates are data files (share/templates/*.json), not code.
#pragma once

#include <string>
#include <vector>

#include "domain/context.hpp"
#include "domain/framework.hpp"

namespace trellis {

struct TemplateArea {
    std::string name;
    std::string hint;  // what belongs in this area, shown as help text
};

struct FrameworkTemplate {
    std::string key;  // file name without .json: "friendship-and-peer-group"
    std::string name;
    ContextKind context_kind = ContextKind::PeerGroup;
    std::string description;
    StageQuestions questions;
    std::vector<TemplateArea> areas;
};

// An empty framework for a context, laid out by a template.
Framework framework_from_template(const FrameworkTemplate& t, ContextId context, std::string title);

}  // namespace trellis
