#include "domain/retention.hpp"

#include <fmt/format.h>

namespace trellis {

const RetentionKindInfo& info(RetentionKind kind)
{
    for (const auto& k : kRetentionKinds)
        if (k.kind == kind) return k;
    return kRetentionKinds.front();
}

std::optional<RetentionKind> retention_kind(std::string_view key)
{
    for (const auto& k : kRetentionKinds)
        if (k.key == key) return k.kind;
    return std::nullopt;
}

RetentionSchedule default_schedule()
{
    RetentionSchedule s;
    for (const auto& k : kRetentionKinds) s[k.kind] = k.default_days;
    return s;
}

std::string describe_days(int days)
{
    if (days % kYear == 0) return days == kYear ? "1 year" : fmt::format("{} years", days / kYear);
    return days == 1 ? "1 day" : fmt::format("{} days", days);
}

std::vector<Error> check_schedule(const RetentionSchedule& schedule)
{
    std::vector<Error> errors;
    for (const auto& k : kRetentionKinds) {
        auto it = schedule.find(k.kind);
        if (it == schedule.end()) continue;
        if (it->second < k.min_days || it->second > k.max_days)
            errors.push_back(Error::invalid(fmt::format("{}: enter a period from {} to {}.", k.label,
                                                        describe_days(k.min_days), describe_days(k.max_days)),
                                            std::string(k.key)));
    }
    auto closed = schedule.find(RetentionKind::ClosedContext);
    auto audit = schedule.find(RetentionKind::AuditTrail);
    if (errors.empty() && closed != schedule.end() && audit != schedule.end() && audit->second < closed->second + kYear)
        errors.push_back(
            Error::invalid("Keep the audit trail at least a year longer than the closed contexts it "
                           "describes.",
                           "audit_trail"));
    return errors;
}

}  // namespace trellis
