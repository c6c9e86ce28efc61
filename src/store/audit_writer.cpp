#include "store/audit_writer.hpp"

#include "store/audit_repo.hpp"

namespace trellis::store {

Result<std::unique_ptr<AuditWriter>> AuditWriter::start(const std::string& url)
{
    auto db = TRY(open(url));
    return std::unique_ptr<AuditWriter>(new AuditWriter(std::move(db)));
}

AuditWriter::AuditWriter(std::unique_ptr<Connection> db) : db_(std::move(db)), thread_([this] { run(); }) {}

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
    std::future<Result<void>> done;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            std::promise<Result<void>> refused;
            refused.set_value(std::unexpected(Error::unavailable("The audit writer has stopped.")));
            return refused.get_future();
        }
        queue_.push_back({actor, event, {}});
        done = queue_.back().done.get_future();
    }
    wake_.notify_one();
    return done;
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
            while (!queue_.empty() && batch.size() < kMaxBatch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        Result<void> outcome = [&]() -> Result<void> {
            auto tx = TRY(Transaction::begin(*db_));
            for (const auto& item : batch) TRY(audit::record(*db_, item.actor, item.event));
            return tx.commit();
        }();
        for (auto& item : batch) item.done.set_value(outcome);
    }
}

}  // namespace trellis::store
