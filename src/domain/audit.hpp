// Who did something, for the audit trail: a signed-in user, or the command line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/ids.hpp"

namespace trellis {

struct Actor {
    std::optional<UserId> user;
    std::string label;    // the person's name, or "command line"
    std::string address;  // client IP address, or "cli"

    static Actor command_line() { return {std::nullopt, "command line", "cli"}; }
};

// One audit row. Details name what changed ("stage=outcome version=3"), never
// the text itself, so the trail holds no more personal data than it must.
struct AuditEvent {
    PartnershipId partnership;
    std::string action;  // "create", "update", "view", "import", "export"
    std::string entity;  // "framework", "goal", "stage", "context", "user"
    std::int64_t entity_id = 0;
    std::optional<ContextId> context;
    std::string detail;
};

struct AuditRecord {
    std::int64_t id = 0;
    std::string at;
    std::optional<UserId> actor;
    std::string actor_label;
    std::string address;
    AuditEvent event;
    std::optional<AgencyId> disclosed_to;  // the partner agency the row records a disclosure to
};

}  // namespace trellis
