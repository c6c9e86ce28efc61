#include "store/checkpointer.hpp"

#include <spdlog/spdlog.h>

#include "store/backends.hpp"

namespace trellis::store {

Result<std::unique_ptr<LogCheckpointer>> LogCheckpointer::start(const std::string& url, std::chrono::milliseconds every,
                                                                std::int64_t restart_after)
{
    auto db = TRY(open(url));
    if (db->backend() != Backend::Sqlite) return nullptr;
    return std::unique_ptr<LogCheckpointer>(new LogCheckpointer(std::move(db), every, restart_after));
}

LogCheckpointer::LogCheckpointer(std::unique_ptr<Connection> db, std::chrono::milliseconds every,
                                 std::int64_t restart_after)
    : db_(std::move(db)), every_(every), restart_after_(restart_after)
{
    leave_checkpoints_to_background(true);
    thread_ = std::thread([this] { run(); });
}

LogCheckpointer::~LogCheckpointer()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    leave_checkpoints_to_background(false);
    // What is left in the log goes into the database before the server stops.
    if (auto done = db_->exec_script("PRAGMA wal_checkpoint(PASSIVE)"); !done)
        spdlog::warn("checkpoint on stopping failed: {}", done.error().message);
}

void LogCheckpointer::run()
{
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, every_, [this] { return stopping_; })) {
        lock.unlock();
        // PASSIVE copies what no reader still needs and never blocks a writer.
        // But the log starts again from its beginning only when a commit
        // finds all of it copied, which under a steady load never happens, so
        // once it is long and mostly copied, a RESTART copies the rest (a few
        // frames, writers held meanwhile) and has the next commit start it afresh.
        auto done = db_->query("PRAGMA wal_checkpoint(PASSIVE)");
        if (done && !done->empty() && done->first().integer(1) >= restart_after_)
            done = db_->query("PRAGMA wal_checkpoint(RESTART)");
        if (!done) spdlog::warn("checkpoint failed: {}", done.error().message);
        lock.lock();
    }
}

}  // namespace trellis::store
