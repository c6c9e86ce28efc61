// Dates and times as people in the UK read them, summer time included.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <regex>

#include <fmt/format.h>

#include "domain/clock.hpp"

namespace trellis {
namespace {

// The time every record is stamped with: ISO 8601 in UTC to the microsecond,
// the same date and time the C library gives for the same second.
TEST(NowUtc, IsTheCurrentUtcTimeToTheMicrosecond)
{
    auto stamp = [](std::time_t t) {
        std::tm utc{};
        gmtime_r(&t, &utc);
        return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                           utc.tm_hour, utc.tm_min, utc.tm_sec);
    };
    // The seconds before and after are read from the same clock as now_utc():
    // time() reads a coarser one, which can still be in the second before.
    auto seconds_now = [] { return std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()); };
    for (auto offset :
         {std::chrono::seconds(0), std::chrono::seconds(-86'400 * 400), std::chrono::seconds(86'400 * 60)}) {
        auto before = seconds_now() + offset.count();
        auto now = now_utc(offset);
        auto after = seconds_now() + offset.count();
        EXPECT_TRUE(std::regex_match(now, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)"))) << now;
        auto seconds = now.substr(0, 19);
        EXPECT_TRUE(seconds == stamp(before) || seconds == stamp(after)) << now << " " << stamp(before);
    }
    auto first = now_utc().substr(0, 10);
    auto today = today_utc();
    EXPECT_TRUE(today == first || today == now_utc().substr(0, 10)) << today;
}

TEST(UkDate, DatesReadInFull)
{
    EXPECT_EQ(uk_date("2026-03-02"), "2 March 2026");
    EXPECT_EQ(uk_date("2026-12-25"), "25 December 2026");
    EXPECT_EQ(uk_date(""), "Not set");
    EXPECT_EQ(uk_date("2026-02-30"), "2026-02-30") << "not a date: shown as it is";
    EXPECT_EQ(uk_date("soon"), "soon");
}

TEST(UkDate, TimesAreInUkTimeWithSummerTime)
{
    EXPECT_EQ(uk_date("2026-11-26T17:47:11.644238Z"), "26 November 2026, 5:47pm") << "GMT in winter";
    EXPECT_EQ(uk_date("2026-07-01T16:05:00Z"), "1 July 2026, 5:05pm") << "BST in summer";
    EXPECT_EQ(uk_date("2026-07-01T23:30:00Z"), "2 July 2026, 12:30am") << "summer time can move the date";
    EXPECT_EQ(uk_date("2026-07-01T11:00:00Z"), "1 July 2026, midday");
    EXPECT_EQ(uk_date("2026-01-01T00:00:00Z"), "1 January 2026, midnight");
    // 2026: summer time from 01:00 UTC on 29 March to 01:00 UTC on 25 October.
    EXPECT_EQ(uk_date("2026-03-29T00:59:00Z"), "29 March 2026, 12:59am");
    EXPECT_EQ(uk_date("2026-03-29T01:00:00Z"), "29 March 2026, 2:00am");
    EXPECT_EQ(uk_date("2026-10-25T00:59:00Z"), "25 October 2026, 1:59am");
    EXPECT_EQ(uk_date("2026-10-25T01:00:00Z"), "25 October 2026, 1:00am");
}

TEST(UkMonth, AMonthReadsInFull)
{
    EXPECT_EQ(uk_month("2026-01"), "January 2026");
    EXPECT_EQ(uk_month("2026-11"), "November 2026");
    EXPECT_EQ(uk_month("2026-13"), "2026-13");
    EXPECT_EQ(uk_month("soon"), "soon");
}

}  // namespace
}  // namespace trellis
