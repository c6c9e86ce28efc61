#include "domain/clock.hpp"

#include <ctime>

#include <fmt/format.h>

namespace trellis {

std::string now_utc(std::chrono::seconds offset)
{
    auto now = std::chrono::system_clock::now() + offset;
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                       utc.tm_hour, utc.tm_min, utc.tm_sec, micros % 1000000);
}

std::string today_utc()
{
    return now_utc().substr(0, 10);
}

}  // namespace trellis
