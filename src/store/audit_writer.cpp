#include "store/audit_writer.hpp"

#include <spdlog/spdlog.h>

#include "store/audit_repo.hpp"

namespace trellis::store {

Result<std::unique_ptr<AuditWriter>> AuditWriter::start(const std::string& url, Sync sync)
{
    auto db = TRY(open(url));
    if (sync == Sync::WithinASecond)
        TRY(db->exec_script(db->backend() == Backend::Sqlite ? "PRAGMA synchronous=NORMAL"
                                                             : "SET synchronous_commit = off"));
    return std::unique_ptr<AuditWriter>(new AuditWriter(std::move(db), sync));
}

AuditWriter::AuditWriter(std::unique_ptr<Connection> db, Sync sync)
    : db_(std::move(db)),
      // A commit that need not wait for the disk takes some tens of
      // microseconds, so under load each would hold a view or two: a commit
      // for nearly every request, each one emptying every other connection's
      // page cache. At most one commit a millisecond keeps the batches of a
      // busy server (at 10,000 pages a second, ten views or more each) and
      // costs a lone request nothing.
      min_gap_(sync == Sync::WithinASecond ? std::chrono::milliseconds(1) : std::chrono::milliseconds(0)),
      thread_([this] { run(); })
{
}

AuditWriter::~AuditWriter()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

std::size_t AuditWriter::queued()
{
    std::lock_guard lock(mutex_);
    return queue_.size();
}

std::future<Result<void>> AuditWriter::submit(const Actor& actor, const AuditEvent& event)
{
    auto done = std::make_shared<std::promise<Result<void>>>();
    auto future = done->get_future();
    submit(actor, event, [done](Result<void> outcome) { done->set_value(std::move(outcome)); });
    return future;
}

void AuditWriter::submit(const Actor& actor, const AuditEvent& event, std::function<void(Result<void>)> then)
{
    bool first = false;
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            first = queue_.empty();
            queue_.push_back({actor, event, std::move(then)});
            then = nullptr;
        }
    }
    if (then) {
        then(std::unexpected(Error::unavailable("The audit writer has stopped.")));
        return;
    }
    // Only the first view of a batch wakes the writer: the ones after it come
    // while the writer waits out the gap between commits, which would only
    // wake it to wait again (a thread switch each, for every view).
    if (first) wake_.notify_one();
}

void AuditWriter::run()
{
    constexpr std::size_t kMaxBatch = 512;
    for (;;) {
        std::deque<Item> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty() && stopping_) return;
            wake_.wait_until(lock, last_commit_ + min_gap_, [&] { return stopping_; });
            while (!queue_.empty() && batch.size() < kMaxBatch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        std::vector<audit::Recorded> events;
        events.reserve(batch.size());
        for (const auto& item : batch) events.push_back({item.actor, item.event});
        Result<void> outcome = audit::record_all(*db_, events);
        last_commit_ = std::chrono::steady_clock::now();
        // A callback that throws (sending its answer ran out of memory) loses
        // its own answer, not the writer: every later view waits on this thread.
        for (auto& item : batch) {
            try {
                item.done(outcome);
            } catch (const std::exception& e) {
                spdlog::error("audit writer: a recorded view's callback failed: {}", e.what());
            }
        }
    }
}

}  // namespace trellis::store
