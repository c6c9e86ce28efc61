// Group commit for the audit rows of views.
//
// Every view of a context or framework is audited before the page is sent.
// Writing each view's row in its own transaction would cost one fsync per page
// (about 2,500 pages a second on these machines); instead requests hand their
// row to this writer, which commits everything queued in one transaction and
// then releases the waiting requests. No page is sent before its audit row is
// durable, as with a row in the request's own transaction: a request waits for
// its row before it sends, while its page is built meanwhile. Changes are still
// audited in the transaction of the change itself.
#pragma once

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
    // Opens its own connection to `url`; Unavailable when it cannot.
    static Result<std::unique_ptr<AuditWriter>> start(const std::string& url);
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
    explicit AuditWriter(std::unique_ptr<Connection> db);
    void run();

    struct Item {
        Actor actor;
        AuditEvent event;
        std::function<void(Result<void>)> done;
    };
    std::unique_ptr<Connection> db_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Item> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace trellis::store
