// The wall clock, read in one place: UTC times as text that sorts.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace trellis {

// UTC wall-clock time as ISO 8601 with microseconds: sorts as text on both
// backends. An offset gives a time that far from now ("a day ago").
std::string now_utc(std::chrono::seconds offset = std::chrono::seconds{0});

// Today's date in UTC, YYYY-MM-DD.
std::string today_utc();

// The day a stored date or UTC time falls on ("2026-03-02", or the first ten
// characters of "2026-03-02T18:40:00Z"); none when it is not a real date.
std::optional<std::chrono::sys_days> parse_day(std::string_view iso);

// A day written YYYY-MM-DD.
std::string format_day(std::chrono::sys_days day);

// A stored date or UTC time as people in the UK read it. "2026-03-02" →
// "2 March 2026"; "2026-07-01T16:05:00Z" → "1 July 2026, 5:05pm" in UK time:
// GMT, or BST (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC
// on the last Sunday of October (the Summer Time Order 2002). 12:00 reads
// "midday" and 00:00 "midnight". "Not set" when empty; anything that is not a
// date comes back as it is.
std::string uk_date(std::string_view iso);

// A month written YYYY-MM as people read it: "2026-01" → "January 2026";
// anything else comes back as it is.
std::string uk_month(std::string_view month);

}  // namespace trellis
