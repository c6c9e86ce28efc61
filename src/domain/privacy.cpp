#include "domain/privacy.hpp"

#include "domain/clock.hpp"
#include "domain/text.hpp"

namespace trellis {

std::vector<Error> validate(const PrivacyNotice& n)
{
    std::vector<Error> errors;
    if (auto e = text::check(n.lawful_basis, "The lawful basis", "lawful_basis",
                             {.min = 1, .max = limits::kLawfulBasis, .multiline = true}))
        errors.push_back(std::move(*e));
    if (auto e = text::check(n.article8, "The Article 8 justification", "article8",
                             {.min = 1, .max = limits::kLawfulBasis, .multiline = true}))
        errors.push_back(std::move(*e));
    if (auto e = text::check(n.notice, "The privacy notice", "notice",
                             {.min = 1, .max = limits::kNotice, .multiline = true}))
        errors.push_back(std::move(*e));
    return errors;
}

std::vector<Error> validate(const Telling& t)
{
    std::vector<Error> errors;
    if (t.told) {
        if (!text::is_iso_date(t.told_on))
            errors.push_back(Error::invalid("Enter the date they were told as a real date.", "told_date"));
        else if (t.told_on > today_utc())
            errors.push_back(Error::invalid("The date they were told must be today or in the past.", "told_date"));
    } else {
        if (!t.reason) errors.push_back(Error::invalid("Choose why they were not told.", "reason"));
        if (t.reason == NotToldReason::Other && t.detail.empty())
            errors.push_back(Error::invalid("Give the reason they were not told.", "detail"));
    }
    if (auto e =
            text::check(t.detail, "The detail", "detail", {.min = 0, .max = limits::kTellingDetail, .multiline = true}))
        errors.push_back(std::move(*e));
    return errors;
}

std::vector<Error> validate(const SharingAgreement& a)
{
    std::vector<Error> errors;
    if (!text::is_iso_date(a.starts_on))
        errors.push_back(Error::invalid("Enter the date the agreement starts as a real date.", "starts_date"));
    if (!text::is_iso_date(a.ends_on))
        errors.push_back(Error::invalid("Enter the date the agreement ends as a real date.", "ends_date"));
    else if (text::is_iso_date(a.starts_on) && a.ends_on < a.starts_on)
        errors.push_back(Error::invalid("The agreement must end on or after the day it starts.", "ends_date"));
    if (auto e = text::check(a.purposes, "The purposes", "purposes",
                             {.min = 1, .max = limits::kTellingDetail, .multiline = true}))
        errors.push_back(std::move(*e));
    if (auto e = text::check(a.what, "What may be shared", "what",
                             {.min = 1, .max = limits::kTellingDetail, .multiline = true}))
        errors.push_back(std::move(*e));
    return errors;
}

}  // namespace trellis
