#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "service/passwords.hpp"
#include "web/app.hpp"

namespace trellis::web {
namespace {

// The answer waits for every view it shows, whichever finishes last and
// whether its sender arrives before or after them.
TEST(PendingViewsTest, TheAnswerGoesOnceEveryViewIsOnRecord)
{
    auto views = std::make_shared<PendingViews>();
    auto first = views->expect();
    auto second = views->expect();
    int calls = 0;
    Result<void> seen = std::unexpected(Error::invalid("not called"));
    views->when_recorded([&](Result<void> r) {
        ++calls;
        seen = std::move(r);
    });
    first({});
    EXPECT_EQ(calls, 0) << "sent before the second view was on record";
    second({});
    EXPECT_EQ(calls, 1);
    EXPECT_TRUE(seen.has_value());

    // Recorded before the answer was ready: it goes as soon as it is handed over.
    auto early = std::make_shared<PendingViews>();
    early->expect()({});
    calls = 0;
    early->when_recorded([&](Result<void>) { ++calls; });
    EXPECT_EQ(calls, 1);
}

TEST(PendingViewsTest, AViewThatFailsStopsTheAnswerWithItsError)
{
    auto views = std::make_shared<PendingViews>();
    auto ok = views->expect();
    auto failed = views->expect();
    std::optional<Result<void>> seen;
    views->when_recorded([&](Result<void> r) { seen = std::move(r); });
    failed(std::unexpected(Error::unavailable("disk full")));
    ok({});
    ASSERT_TRUE(seen.has_value());
    ASSERT_FALSE(seen->has_value());
    EXPECT_EQ(seen->error().message, "disk full");
}

TEST(PendingViewsTest, ViewsRecordedOnOtherThreadsReleaseTheAnswerOnce)
{
    for (int round = 0; round < 200; ++round) {
        auto views = std::make_shared<PendingViews>();
        std::vector<std::function<void(Result<void>)>> each;
        for (int i = 0; i < 4; ++i) each.push_back(views->expect());
        std::atomic<int> calls{0};
        std::vector<std::thread> threads;
        for (auto& done : each) threads.emplace_back([&done] { done({}); });
        views->when_recorded([&](Result<void>) { ++calls; });
        for (auto& t : threads) t.join();
        EXPECT_EQ(calls.load(), 1);
    }
}

TEST(MaskTokenTest, EachMaskingHasItsOwnPadAndUnmasksToTheToken)
{
    const std::string token = "0123456789abcdef0123456789abcdef";
    std::vector<std::string> masks;
    for (int i = 0; i < 8; ++i) masks.push_back(service::mask_token(token));
    std::set<std::string> distinct(masks.begin(), masks.end());
    EXPECT_EQ(distinct.size(), masks.size());
    for (const auto& m : masks) {
        EXPECT_EQ(m.find(token), std::string::npos);
        EXPECT_TRUE(service::token_matches(m, token));
        EXPECT_FALSE(service::token_matches(m, "f123456789abcdef0123456789abcdef"));
    }
}

}  // namespace
}  // namespace trellis::web
