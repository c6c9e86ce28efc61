// Group commit for the audit rows of views.
//
// Every view of a context or framework is audited before the page is sent.
// Writing each view's row in its own transaction would cost one fsync per page
// (about 2,500 pages a second on these machines); instead requests hand their
// row to this writer, which commits everything queued in one transaction and
// then releases the waiting requests. No page is sent before its audit row is
// committed: a request waits for its row before it sends, while its page is
// built meanwhile. Changes are still audited in the transaction of the change
// itself, and are on disk before they are answered.
//
// How a batch reaches the disk is the writer's `Sync`. `EachCommit` waits for
// the disk at every commit (on this project's machine that flush alone had a
// p99 of 7.4 ms, most of a page's 10 ms budget). `WithinASecond` commits
// without waiting: SQLite (synchronous=NORMAL on this connection) writes the
// row to its log at once, so a killed process loses nothing, and the log
// reaches the disk at the next change's commit or the server's next background
// checkpoint, normally a second later at most; PostgreSQL
// (synchronous_commit=off) flushes within 0.6 s. A power cut or an
// operating-system crash can then lose the views of that last second, never a
// change, and the log loses only its newest rows, so the audit chain stays
// whole.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "domain/audit.hpp"
#include "store/connection.hpp"

namespace trellis::store {

class AuditWriter {
public:
    enum class Sync { EachCommit, WithinASecond };
    // Opens its own connection to `url`; Unavailable when it cannot.
    static Result<std::unique_ptr<AuditWriter>> start(const std::string& url, Sync sync = Sync::EachCommit);
    ~AuditWriter();
    AuditWriter(const AuditWriter&) = delete;
    AuditWriter& operator=(const AuditWriter&) = delete;

    // Queues the row and returns at once: the future is ready when the row's
    // batch has committed, with the error when it failed.
    std::future<Result<void>> submit(const Actor& actor, const AuditEvent& event);
    // Queues the row and returns at once; `then` is called with the outcome
    // once the row's batch has committed (or failed), on the writer's thread,
    // so it must be quick: a server hands the waiting answer over for sending.
    void submit(const Actor& actor, const AuditEvent& event, std::function<void(Result<void>)> then);
    // Blocks until the row is committed; the error when the batch failed.
    Result<void> record(const Actor& actor, const AuditEvent& event) { return submit(actor, event).get(); }

    // Rows waiting for the next commit.
    std::size_t queued();

private:
    AuditWriter(std::unique_ptr<Connection> db, Sync sync);
    void run();

    struct Item {
        Actor actor;
        AuditEvent event;
        std::function<void(Result<void>)> done;
    };
    std::unique_ptr<Connection> db_;
    std::chrono::milliseconds min_gap_;  // between the end of one commit and the start of the next
    std::chrono::steady_clock::time_point last_commit_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Item> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace trellis::store
