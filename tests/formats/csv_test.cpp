#include <gtest/gtest.h>

#include "formats/csv.hpp"
#include "service/responses.hpp"

namespace trellis::formats {
namespace {

TEST(Csv, QuotedFieldsLineNumbersAndBlankRows)
{
    auto t = parse_csv(
        "\xEF\xBB\xBF"
        "Date,Type,Place\r\n2026-01-02,Moved on,\"Park, east side\"\r\n\r\n"
        "2026-01-03,Arrest,\"Two\nlines\"\n2026-01-04,Other,x\n");
    ASSERT_TRUE(t.has_value()) << t.error().message;
    EXPECT_EQ(t->header, (std::vector<std::string>{"Date", "Type", "Place"}));
    ASSERT_EQ(t->rows.size(), 3u);
    EXPECT_EQ(t->rows[0].cells[2], "Park, east side");
    EXPECT_EQ(t->rows[0].line, 2);
    EXPECT_EQ(t->rows[1].cells[2], "Two\nlines");
    EXPECT_EQ(t->rows[1].line, 4);
    EXPECT_EQ(t->rows[2].line, 6);
}

TEST(Csv, WrongEncodingAndBrokenQuotingNameTheLine)
{
    auto latin1 = parse_csv("Date,Place\n2026-01-02,Caf\xE9\n");
    ASSERT_FALSE(latin1.has_value());
    EXPECT_EQ(latin1.error().message, "line 2: the file is not UTF-8 text; save it as \"CSV UTF-8\" and try again.");
    auto broken = parse_csv("Date,Place\n2026-01-02,\"open\n");
    ASSERT_FALSE(broken.has_value());
    EXPECT_NE(broken.error().message.find("line 2"), std::string::npos) << broken.error().message;
    EXPECT_FALSE(parse_csv("").has_value());
}

// Found by fuzzing: rows ended by a lone carriage return (a spreadsheet's
// "CSV (Macintosh)") were all said to be on line 1.
TEST(Csv, LoneCarriageReturnsEndLinesToo)
{
    auto t = parse_csv("Date,Place\r2026-01-02,Park\r2026-01-03,\"Two\rlines\"\r2026-01-04,Shop");
    ASSERT_TRUE(t.has_value()) << t.error().message;
    ASSERT_EQ(t->rows.size(), 3u);
    EXPECT_EQ(t->rows[0].line, 2);
    EXPECT_EQ(t->rows[1].line, 3);
    EXPECT_EQ(t->rows[1].cells[1], "Two\rlines");
    EXPECT_EQ(t->rows[2].line, 5);
    auto latin1 = parse_csv("Date,Place\r2026-01-02,Park\r2026-01-03,Caf\xE9\r");
    ASSERT_FALSE(latin1.has_value());
    EXPECT_EQ(latin1.error().message, "line 3: the file is not UTF-8 text; save it as \"CSV UTF-8\" and try again.");
}

TEST(ResponseImport, MapsColumnsAndReportsEveryBadRow)
{
    auto t = parse_csv(
        "Date,Agency,Response type,Location,Number of young people\n"
        "05/03/2026,Police,Dispersal direction,Park,4\n"
        "2026-03-06,Youth service,youth_work_outreach,Park,\n"
        "31/02/2026,Police,Moved on,Park,2\n"
        "2026-03-07,Police,Kettled,Park,2\n"
        "2026-03-08,\"=HYPERLINK(\"\"http://x\"\")\",Arrest,Park,1\n"
        "2026-03-09,Police,Other,Park,1\n"
        "2026-03-10,Police\n"
        "2026-03-11,Police,Arrest,Park,lots\n");
    ASSERT_TRUE(t.has_value());
    auto map = service::guess_columns(t->header);
    EXPECT_EQ(map.date, 0);
    EXPECT_EQ(map.agency, 1);
    EXPECT_EQ(map.type, 2);
    EXPECT_EQ(map.place, 3);
    EXPECT_EQ(map.young_people, 4);
    auto plan = service::plan_import(*t, map, ContextId{1}, "");
    ASSERT_TRUE(plan.has_value()) << plan.error().message;
    ASSERT_EQ(plan->records.size(), 2u);
    EXPECT_EQ(plan->records[0].date, "2026-03-05");
    EXPECT_EQ(plan->records[0].framing, Framing::Enforcement);
    EXPECT_EQ(plan->records[1].framing, Framing::Welfare);
    ASSERT_EQ(plan->problems.size(), 6u);
    EXPECT_EQ(plan->problems[0].line, 4);
    EXPECT_NE(plan->problems[0].reason.find("not a date"), std::string::npos);
    EXPECT_NE(plan->problems[1].reason.find("\"Kettled\" is not a known type"), std::string::npos);
    EXPECT_NE(plan->problems[2].reason.find("spreadsheet formula"), std::string::npos);
    EXPECT_NE(plan->problems[3].reason.find("must say whether"), std::string::npos);
    EXPECT_NE(plan->problems[4].reason.find("has 2 cells"), std::string::npos);
    EXPECT_NE(plan->problems[5].reason.find("not a whole number"), std::string::npos);
    map.date = -1;
    EXPECT_EQ(service::plan_import(*t, map, ContextId{1}, "").error().field, "col_date");
}

}  // namespace
}  // namespace trellis::formats
