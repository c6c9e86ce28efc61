// A framework template: the areas of focus and stage questions a new framework
// starts from. Templates are data files (share/templates/*.json), not code.
#pragma once

#include <string>
#include <vector>

#include "domain/context.hpp"
#include "domain/framework.hpp"

namespace trellis {

// Each area of focus is also one side of the context kind's assessment
// triangle: the side's name, the prompts an assessment answers for it, and the
// goal library's positive statements for it.
struct TemplateArea {
    std::string name;
    std::string hint;  // what belongs in this area, shown as help text
    std::string side;  // "How the group functions"
    std::vector<std::string> prompts;
    std::vector<std::string> goals;
};

struct FrameworkTemplate {
    std::string key;  // file name without .json: "friendship-and-peer-group"
    std::string name;
    ContextKind context_kind = ContextKind::PeerGroup;
    std::string description;
    StageQuestions questions;
    std::vector<TemplateArea> areas;
    std::string triangle;         // "Peer group assessment triangle"
    bool triangle_draft = false;  // written for Trellis, awaiting practitioner review
};

// The template for a kind of context: its own, or the neighbourhood's for a
// kind that has none (a context of kind "other"). Null when there are none.
const FrameworkTemplate* template_for(const std::vector<FrameworkTemplate>& all, ContextKind kind);

// An empty framework for a context, laid out by a template.
Framework framework_from_template(const FrameworkTemplate& t, ContextId context, std::string title);

}  // namespace trellis
