#include "domain/clock.hpp"

#include <charconv>
#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "domain/text.hpp"

namespace trellis {

// Worked out from the clock with <chrono>'s civil calendar: gmtime_r takes
// glibc's time-zone lock, which every worker thread queued on for each page.
std::string now_utc(std::chrono::seconds offset)
{
    using namespace std::chrono;
    auto now = time_point_cast<microseconds>(system_clock::now() + offset);
    auto day = floor<days>(now);
    year_month_day date{day};
    hh_mm_ss time{now - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count(), time.subseconds().count());
}

std::string today_utc()
{
    return now_utc().substr(0, 10);
}

namespace {

std::optional<int> digits(std::string_view s)
{
    int v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

std::string uk_date(std::string_view iso)
{
    using namespace std::chrono;
    static constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                              "July",    "August",   "September", "October", "November", "December"};
    if (iso.empty()) return "Not set";
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::string(iso);
    auto y = digits(iso.substr(0, 4)), m = digits(iso.substr(5, 2)), d = digits(iso.substr(8, 2));
    if (!y || !m || !d) return std::string(iso);
    year_month_day date{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
    if (!date.ok()) return std::string(iso);
    auto text = [](const year_month_day& ymd) {
        return fmt::format("{} {} {}", static_cast<unsigned>(ymd.day()),
                           kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()));
    };
    if (iso.size() < 16 || iso[10] != 'T' || iso[13] != ':') return text(date);
    auto hh = digits(iso.substr(11, 2)), mm = digits(iso.substr(14, 2));
    if (!hh || !mm || *hh > 23 || *mm > 59) return text(date);
    sys_time<minutes> t = sys_days{date} + hours{*hh} + minutes{*mm};
    auto summer_starts = sys_days{date.year() / March / Sunday[last]} + hours{1};
    auto summer_ends = sys_days{date.year() / October / Sunday[last]} + hours{1};
    if (t >= summer_starts && t < summer_ends) t += hours{1};
    auto local_day = floor<days>(t);
    auto minute_of_day = duration_cast<minutes>(t - local_day).count();
    int h = static_cast<int>(minute_of_day / 60), mi = static_cast<int>(minute_of_day % 60);
    std::string clock = h == 12 && mi == 0 ? "midday"
                        : h == 0 && mi == 0
                            ? "midnight"
                            : fmt::format("{}:{:02}{}", h % 12 == 0 ? 12 : h % 12, mi, h < 12 ? "am" : "pm");
    return fmt::format("{}, {}", text(year_month_day{local_day}), clock);
}

std::string uk_month(std::string_view month)
{
    if (month.size() != 7) return std::string(month);
    auto day = uk_date(std::string(month) + "-01");  // "1 January 2026"
    auto space = day.find(' ');
    return space == std::string::npos ? std::string(month) : day.substr(space + 1);
}

std::optional<std::chrono::sys_days> parse_day(std::string_view iso)
{
    if (iso.size() < 10 || !text::is_iso_date(iso.substr(0, 10))) return std::nullopt;
    int y = 0, m = 0, d = 0;
    std::from_chars(iso.data(), iso.data() + 4, y);
    std::from_chars(iso.data() + 5, iso.data() + 7, m);
    std::from_chars(iso.data() + 8, iso.data() + 10, d);
    std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                    std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days{ymd};
}

std::string format_day(std::chrono::sys_days day)
{
    std::chrono::year_month_day ymd{day};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
}

}  // namespace trellis
