// The wall clock, read in one place: UTC times as text that sorts.
#pragma once

#include <chrono>
#include <string>

namespace trellis {

// UTC wall-clock time as ISO 8601 with microseconds: sorts as text on both
// backends. An offset gives a time that far from now ("a day ago").
std::string now_utc(std::chrono::seconds offset = std::chrono::seconds{0});

// Today's date in UTC, YYYY-MM-DD.
std::string today_utc();

}  // namespace trellis
