// SQLite copies its write-ahead log back into the database file (a
// checkpoint) in whichever connection's commit finds the log long, and that
// commit waits for it: on a large database a view waited up to a second for
// its audit row while a checkpoint ran. A server instead checkpoints from a
// thread of its own, and the connections it opens leave checkpoints to that
// thread. Nothing to do on PostgreSQL.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/connection.hpp"

namespace trellis::store {

class LogCheckpointer {
public:
    // For a SQLite database, opens a connection of its own and checkpoints
    // every `every` without waiting for readers or writers (PASSIVE), and has
    // the log start afresh once it holds `restart_after` pages; SQLite
    // connections opened while one runs do not checkpoint on commit. Null on
    // PostgreSQL. Unavailable when the database cannot be opened.
    static Result<std::unique_ptr<LogCheckpointer>> start(const std::string& url, std::chrono::milliseconds every,
                                                          std::int64_t restart_after = 1000);
    ~LogCheckpointer();
    LogCheckpointer(const LogCheckpointer&) = delete;
    LogCheckpointer& operator=(const LogCheckpointer&) = delete;

private:
    LogCheckpointer(std::unique_ptr<Connection> db, std::chrono::milliseconds every, std::int64_t restart_after);
    void run();

    std::unique_ptr<Connection> db_;
    std::chrono::milliseconds every_;
    std::int64_t restart_after_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace trellis::store
