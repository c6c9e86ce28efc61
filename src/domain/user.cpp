#include "domain/user.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "domain/text.hpp"

namespace trellis {

std::string_view to_string(Role r)
{
    return kRoles.name(r);
}

std::string_view label(Role r)
{
    return kRoles.label(r);
}

std::optional<Role> parse_role(std::string_view s)
{
    return kRoles.parse(s);
}

std::string_view to_string(AgencyKind k)
{
    return kAgencyKinds.name(k);
}

std::string_view agency_label(AgencyKind k)
{
    return kAgencyKinds.label(k);
}

std::optional<AgencyKind> parse_agency_kind(std::string_view s)
{
    return kAgencyKinds.parse(s);
}

std::string normalise_email(std::string_view email)
{
    std::string out = text::collapse_space(email);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::vector<Error> validate(const User& u)
{
    std::vector<Error> errors;
    if (auto e = text::check(u.display_name, "Name", "display_name", {.min = 1, .max = 120}))
        errors.push_back(std::move(*e));
    if (auto e = text::check(u.email, "Email address", "email", {.min = 3, .max = 254})) {
        errors.push_back(std::move(*e));
    } else {
        auto at = u.email.find('@');
        bool ok = at != std::string::npos && at > 0 && at + 1 < u.email.size() &&
                  u.email.find('@', at + 1) == std::string::npos && u.email.find(' ') == std::string::npos &&
                  u.email.find('.', at) != std::string::npos;
        if (!ok)
            errors.push_back(
                Error::invalid("Enter an email address in the correct format, like name@example.org.", "email"));
    }
    if (u.role == Role::Partner && !u.agency)
        errors.push_back(Error::invalid("A partner user must belong to an agency; choose one.", "agency"));
    return errors;
}

std::optional<Error> check_password(std::string_view password)
{
    if (!text::is_valid_utf8(password)) return Error::invalid("Password must be valid text (UTF-8).", "password");
    if (text::length(password) < kMinPasswordLength)
        return Error::invalid(fmt::format("Password must be at least {} characters.", kMinPasswordLength), "password");
    if (password.size() > 1024) return Error::invalid("Password must be 1024 characters or fewer.", "password");
    return std::nullopt;
}

std::optional<Error> check_slug(std::string_view slug)
{
    bool ok = !slug.empty() && slug.size() <= 40;
    for (char c : slug) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    if (!ok) return Error::invalid("Partnership handle must be 1 to 40 lower-case letters, digits or hyphens.", "slug");
    return std::nullopt;
}

}  // namespace trellis

namespace trellis {

std::int64_t sign_in_wait(std::int64_t failures, std::int64_t free, std::int64_t latest_unix, std::int64_t now_unix)
{
    if (failures < free) return 0;
    constexpr std::int64_t kLongest = 15 * 60;
    auto beyond = std::min<std::int64_t>(failures - free, 16);
    auto delay = std::min<std::int64_t>(kLongest, std::int64_t{5} << beyond);
    return std::max<std::int64_t>(0, latest_unix + delay - now_unix);
}

}  // namespace trellis
