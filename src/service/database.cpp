#include "service/database.hpp"

#include "store/audit_writer.hpp"
#include "store/migrations.hpp"

namespace trellis::service {

Result<std::unique_ptr<store::Connection>> open_database(const std::string& url)
{
    return store::open(url);
}

Result<std::unique_ptr<store::Connection>> prepare_database(const std::string& url)
{
    auto db = TRY(store::open(url));
    TRY(store::migrate(*db));
    return db;
}

int schema_version()
{
    return store::latest_schema_version();
}

ViewLog::ViewLog(std::unique_ptr<store::AuditWriter> writer) : writer_(std::move(writer)) {}

ViewLog::~ViewLog() = default;

Result<std::unique_ptr<ViewLog>> ViewLog::start(const std::string& url)
{
    auto writer = TRY(store::AuditWriter::start(url));
    return std::unique_ptr<ViewLog>(new ViewLog(std::move(writer)));
}

Result<void> ViewLog::record(const Actor& actor, const AuditEvent& event)
{
    return writer_->record(actor, event);
}

}  // namespace trellis::service
