// Why and on what basis a partnership records about contexts, the privacy
// notice it gives young people and parents, and whether each young person
// (and those around a context) was told they are recorded.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/choices.hpp"
#include "domain/error.hpp"
#include "domain/ids.hpp"

namespace trellis {

struct PrivacyNotice {
    int version = 0;
    std::string lawful_basis;  // UK GDPR Articles 6 and 9, DPA 2018 Schedule 1
    std::string article8;      // why recording about a context is necessary and proportionate
    std::string notice;        // plain English, for young people and parents
    std::string published_at;
    std::string published_by;
};

// Why a young person, or the people around a context, were not told.
enum class NotToldReason { Risk, Crime, NoContact, Later, Other };
inline constexpr Choices<NotToldReason, 5> kNotToldReasons{{{
    {"risk", "Telling would put a young person at risk of harm"},
    {"crime", "Telling would prejudice preventing or detecting crime"},
    {"no_contact", "They cannot be contacted yet"},
    {"later", "They will be told once it is safe; the decision is under review"},
    {"other", "Another reason, given below"},
}}};

struct Telling {
    ContextId context;
    std::optional<std::int64_t> young_person;  // none: the people around the context (parents, community)
    std::string young_person_name;
    bool told = false;
    std::string told_on;  // YYYY-MM-DD when told
    std::optional<NotToldReason> reason;
    std::string detail;
    std::string recorded_by;
    std::string recorded_at;
};

// An information sharing agreement with a partner agency: nothing is shared
// with the agency (its users see nothing) outside its dates.
struct SharingAgreement {
    AgencyId agency;
    std::string agency_name;
    std::string starts_on;
    std::string ends_on;
    std::string purposes;
    std::string what;  // what may be shared
    std::string recorded_by;

    bool current(const std::string& today) const { return starts_on <= today && today <= ends_on; }
};

namespace limits {
inline constexpr std::size_t kLawfulBasis = 5000;
inline constexpr std::size_t kNotice = 20000;
inline constexpr std::size_t kTellingDetail = 2000;
}  // namespace limits

std::vector<Error> validate(const PrivacyNotice& n);
std::vector<Error> validate(const Telling& t);
std::vector<Error> validate(const SharingAgreement& a);

}  // namespace trellis
