// The demonstration partnership: fictional people, places and a complete
// outcomes framework, so a new install can be tried before any real data.
#pragma once

#include <string>
#include <vector>

#include "domain/template.hpp"
#include "domain/user.hpp"
#include "store/connection.hpp"

namespace trellis::service {

inline constexpr std::string_view kDemoSlug = "demo";

struct DemoSignIn {
    Role role;
    std::string email;
    std::string password;  // shown once; only its hash is stored
};

struct DemoReport {
    PartnershipId partnership;
    FrameworkId framework;
    ContextId group;  // the friendship group, whose story the demo tells
    std::vector<DemoSignIn> sign_ins;
};

// Creates the demo partnership in one transaction. Conflict when it exists.
Result<DemoReport> create_demo(store::Connection& db, const std::vector<FrameworkTemplate>& templates);

// Gives every demo account a new generated password and returns them.
Result<std::vector<DemoSignIn>> renew_demo_passwords(store::Connection& db);

}  // namespace trellis::service
