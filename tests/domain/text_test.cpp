#include <gtest/gtest.h>

#include "domain/text.hpp"

namespace trellis::text {
namespace {

TEST(Utf8, AcceptsValidAndRefusesMalformed)
{
    EXPECT_TRUE(is_valid_utf8("plain"));
    EXPECT_TRUE(is_valid_utf8("\xE2\x80\x98quoted\xE2\x80\x99 \xF0\x9F\x99\x82"));
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xE2\x80"));          // truncated
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
}

TEST(Length, CountsCodePoints)
{
    EXPECT_EQ(length("caf\xC3\xA9 \xF0\x9F\x99\x82"), 6u);
}

TEST(Space, CollapsesTabsAndNoBreakSpaces)
{
    EXPECT_EQ(collapse_space("\t Area of focus\xC2\xA0\xC2\xA0 \n"), "Area of focus");
    EXPECT_EQ(collapse_space("a\xE2\x80\xAF\xC2\xA0"
                             "b"),
              "a b");
}

TEST(Space, ParagraphsSurviveLineBreaksDoNot)
{
    EXPECT_EQ(normalise_paragraphs("one\ntwo  \n\n\n \xC2\xA0\nthree\n"), "one two\n\nthree");
    EXPECT_EQ(normalise_paragraphs("\n\n"), "");
}

TEST(NameKey, IgnoresCaseAndSpacing)
{
    EXPECT_EQ(name_key("  Guardianship\tCAPACITY "), "guardianship capacity");
}

TEST(Dates, OnlyRealDates)
{
    EXPECT_TRUE(is_iso_date("2028-02-29"));
    EXPECT_FALSE(is_iso_date("2027-02-29"));
    EXPECT_FALSE(is_iso_date("2027-13-01"));
    EXPECT_FALSE(is_iso_date("27-01-01"));
    EXPECT_FALSE(is_iso_date("2027-01-01T00"));
}

TEST(Count, PutsTheNounInTheRightNumber)
{
    EXPECT_EQ(count(0, "goal"), "0 goals");
    EXPECT_EQ(count(1, "goal"), "1 goal");
    EXPECT_EQ(count(2, "row"), "2 rows");
    EXPECT_EQ(count(1, "young person", "young people"), "1 young person");
    EXPECT_EQ(count(5, "young person", "young people"), "5 young people");
    EXPECT_EQ(count(1534, "action"), "1,534 actions");
}

TEST(Thousands, GroupsEveryThreeDigitsFromTheRight)
{
    EXPECT_EQ(thousands(0), "0");
    EXPECT_EQ(thousands(999), "999");
    EXPECT_EQ(thousands(1000), "1,000");
    EXPECT_EQ(thousands(1534), "1,534");
    EXPECT_EQ(thousands(1000000), "1,000,000");
    EXPECT_EQ(thousands(-1000), "-1,000");
    EXPECT_EQ(thousands(-999), "-999");
}

TEST(Check, AMissingValueIsAskedForInPlainEnglish)
{
    auto message = [](std::string_view label) { return check("  ", label, "f", {.min = 1, .max = 10})->message; };
    EXPECT_EQ(message("Title"), "Enter the title.");
    EXPECT_EQ(message("What happened"), "Enter what happened.");
    EXPECT_EQ(message("How it is measured"), "Enter how it is measured.");
    EXPECT_EQ(message("Each decision"), "Enter each decision.");
    EXPECT_EQ(message("Reason for the rating"), "Enter the reason for the rating.");
}

}  // namespace
}  // namespace trellis::text
