// The HTTP server. RESTinio and Asio stay inside server.cpp: they are heavy to
// compile, and nothing else needs to see them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "domain/error.hpp"

namespace trellis::web {

struct ServeOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;
    std::string db_url;
    int io_threads = 1;
    // Database and password work runs here, never on I/O threads. A worker
    // does not wait for the audit group commit (the view log sends the answer
    // once its views are on record), so a few more than the cores suffice: on
    // two cores 4 workers served the framework page at 7,400-8,200 a second,
    // 16 at 6,900 (more threads contend for the heap and the database).
    int workers = 4;
    // Send a page only once the record of its view is on disk, rather than
    // once it is written (and on disk within a second): each view then waits
    // for a flush. Changes are always on disk before they are answered.
    bool views_on_disk_before_sending = false;
    std::filesystem::path share_dir;   // templates/, views/
    std::filesystem::path static_dir;  // built CSS, JavaScript, images
    bool secure_cookies = false;       // set when users reach Trellis over HTTPS
    // Addresses of reverse proxies whose X-Forwarded-For is believed; they are
    // also exempt from the per-address connection cap (the proxy keeps its own).
    std::vector<std::string> trusted_proxies;
    // Open connections at once: at most this, and always below the open-file
    // limit (raised to its hard limit at start) less a reserve for the database.
    std::size_t max_connections = 4096;
    std::size_t max_connections_per_address = 32;
    // A request, body included, must arrive within this many seconds; so must
    // the next request on a kept-alive connection.
    int read_timeout_seconds = 20;
    std::int64_t session_idle_seconds = 30 * 60;
    std::int64_t session_max_seconds = 12 * 60 * 60;
    // The daily job (retention, then the audit chain's head to the log) runs
    // once a day at or after this UTC time, on one instance of those sharing
    // the database.
    std::string daily_job_time = "02:00";
    // When not 0, /metrics (Prometheus) and /healthz are also served here, on
    // an address the monitoring system reaches and users do not.
    std::string metrics_address = "127.0.0.1";
    std::uint16_t metrics_port = 0;
    // Called once the socket is listening, with the base URL.
    std::function<void(const std::string& url)> on_listening;
};

// Serves until SIGTERM or SIGINT; then refuses new requests, lets requests in
// flight finish (up to 20 seconds) and returns. Unavailable if the database,
// templates or port cannot be used.
Result<void> serve(const ServeOptions& options);

}  // namespace trellis::web
