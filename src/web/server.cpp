#include "web/server.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <sys/resource.h>
#include <sys/socket.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <restinio/all.hpp>

#include "formats/template_files.hpp"
#include "service/database.hpp"
#include "service/lens.hpp"
#include "service/passwords.hpp"
#include "service/retention.hpp"
#include "service/search.hpp"
#include "service/users.hpp"
#include "web/app.hpp"
#include "web/assets.hpp"
#include "web/metrics.hpp"
#include "web/multipart.hpp"

namespace trellis::web {
namespace {

// RESTinio's warnings and errors go to the log; its tracing does not.
class Logger {
public:
    template <typename Builder>
    void trace(Builder&&)
    {
    }
    template <typename Builder>
    void info(Builder&&)
    {
    }
    template <typename Builder>
    void warn(Builder&& message)
    {
        spdlog::warn("http {}", message());
    }
    template <typename Builder>
    void error(Builder&& message)
    {
        spdlog::error("http {}", message());
    }
};

// Open connections per client address. RESTinio asks it about each accepted
// socket (the IP blocker) and tells it when connections open and close (the
// state listener). Trusted proxies are not counted against the cap.
class ConnectionGuard {
public:
    ConnectionGuard(std::size_t per_address, std::vector<std::string> exempt)
        : per_address_(per_address), exempt_(std::move(exempt))
    {
    }

    // RESTinio calls both without expecting an exception. Out of memory, a
    // connection is refused rather than counted wrongly or let past the cap.
    restinio::ip_blocker::inspection_result_t inspect(const restinio::ip_blocker::incoming_info_t& info) noexcept
    {
        ++inspected_;
        try {
            auto address = info.remote_endpoint().address().to_string();
            if (std::ranges::find(exempt_, address) != exempt_.end()) return restinio::ip_blocker::allow();
            std::lock_guard lock(mutex_);
            auto it = open_.find(address);
            if (it != open_.end() && it->second >= per_address_) {
                if (!warned_.contains(address)) {
                    spdlog::warn("connection refused address={} open={}: the per-address limit", address, it->second);
                    warned_.insert(address);
                }
                return restinio::ip_blocker::deny();
            }
            return restinio::ip_blocker::allow();
        } catch (...) {
            return restinio::ip_blocker::deny();
        }
    }

    void state_changed(const restinio::connection_state::notice_t& notice) noexcept
    {
        try {
            auto address = notice.remote_endpoint().address().to_string();
            std::lock_guard lock(mutex_);
            if (std::holds_alternative<restinio::connection_state::accepted_t>(notice.cause())) {
                ++open_[address];
                ++total_;
            } else if (std::holds_alternative<restinio::connection_state::closed_t>(notice.cause())) {
                auto it = open_.find(address);
                if (it == open_.end()) return;
                --total_;
                if (--it->second == 0) {
                    open_.erase(it);
                    warned_.erase(address);
                }
            }
        } catch (...) {
            // Only an opening can go uncounted (no memory for its address);
            // its closing then finds nothing to take away.
        }
    }

    std::uint64_t inspected() const { return inspected_; }
    std::size_t total() const
    {
        std::lock_guard lock(mutex_);
        return total_;
    }

private:
    std::size_t per_address_;
    std::vector<std::string> exempt_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::size_t> open_;
    std::set<std::string> warned_;
    std::size_t total_ = 0;
    std::atomic<std::uint64_t> inspected_{0};
};

struct Traits : restinio::traits_t<restinio::asio_timer_manager_t, Logger> {
    using ip_blocker_t = ConnectionGuard;
    using connection_state_listener_t = ConnectionGuard;
    // RESTinio's name for it.
    static constexpr bool use_connection_count_limiter = true;  // NOLINT(readability-identifier-naming)
};

// Raises the soft open-file limit to the hard one, and returns how many
// connections fit below it with room left for the database, logs and uploads.
std::size_t connection_room(std::size_t wanted)
{
    constexpr rlim_t kReserve = 256;
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return std::min<std::size_t>(wanted, 512);
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY) return wanted;
    auto room = limit.rlim_cur > 2 * kReserve ? limit.rlim_cur - kReserve : limit.rlim_cur / 2;
    return std::min<std::size_t>(wanted, static_cast<std::size_t>(room));
}

// Whether If-None-Match names this entity tag (or any, with *).
bool matches_etag(std::string_view header, std::string_view etag)
{
    if (header.empty()) return false;
    return header.find('*') != std::string_view::npos || header.find(etag) != std::string_view::npos;
}

// A static asset from memory: compressed when the client takes it, 304 when
// it has this version already, cached for a year under its hashed name. The
// headers only: `bytes` is set to the asset's bytes to send, which are not copied.
Response asset_response(const Asset& a, bool immutable, std::string_view accept_encoding,
                        std::string_view if_none_match, std::string_view& bytes)
{
    Response r;
    r.content_type = a.content_type;
    add_security_headers(r, immutable ? "public, max-age=31536000, immutable" : "no-cache");
    r.header("ETag", a.etag);
    r.header("Vary", "Accept-Encoding");
    if (matches_etag(if_none_match, a.etag)) {
        r.status = 304;
        return r;
    }
    if (!a.gzipped.empty() && accepts_gzip(accept_encoding)) {
        r.header("Content-Encoding", "gzip");
        bytes = a.gzipped;
    } else {
        bytes = a.body;
    }
    return r;
}

std::optional<Method> method_of(const restinio::http_method_id_t& m)
{
    if (m == restinio::http_method_get()) return Method::Get;
    if (m == restinio::http_method_post()) return Method::Post;
    if (m == restinio::http_method_put()) return Method::Put;
    if (m == restinio::http_method_patch()) return Method::Patch;
    if (m == restinio::http_method_delete()) return Method::Delete;
    return std::nullopt;
}

// Sends the answer. Its body is moved into the send, not copied; `stored`, when
// given, is sent in place of the body from memory that outlives the server
// (a static asset).
void send(const restinio::request_handle_t& req, Response&& r, bool close = false, std::string_view stored = {})
{
    auto rb = req->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(r.status)}, reason_phrase(r.status)});
    rb.append_header(restinio::http_field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) {
        // A header never carries a line break, whatever a handler put in it.
        auto breaks = [](std::string_view text) {
            return text.find('\r') != std::string_view::npos || text.find('\n') != std::string_view::npos;
        };
        if (breaks(k) || breaks(v)) {
            spdlog::error("header dropped name={}: it holds a line break", k.substr(0, k.find_first_of("\r\n")));
            continue;
        }
        rb.append_header(k, v);
    }
    if (close) rb.connection_close();
    if (!stored.empty())
        rb.set_body(restinio::const_buffer(stored.data(), stored.size()));
    else
        rb.set_body(std::move(r.body));
    rb.done();
}

Response plain(int status, std::string body)
{
    Response r;
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = std::move(body);
    add_security_headers(r);
    return r;
}

Response health(store::Connection& db)
{
    auto ok = db.query("SELECT 1");
    auto r = ok ? plain(200, fmt::format(R"({{"status":"ok","schema":{}}})", service::schema_version()))
                : plain(503, R"({"status":"database unavailable"})");
    r.content_type = "application/json";
    return r;
}

}  // namespace

Result<void> serve(const ServeOptions& options)
{
    // Block the stop signals before any thread starts, so that every thread
    // inherits the mask and this one alone takes them (sigwait, below): a
    // SIGTERM that comes while starting up still stops Trellis cleanly.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    // Fail before listening if the database, templates or views are not usable.
    {
        TRY(service::prepare_database(options.db_url));
    }
    auto templates = TRY(formats::load_templates(options.share_dir / "templates"));
    auto views = TRY(Views::load(options.share_dir / "views"));
    auto assets = Assets::load(options.static_dir);
    if (assets.empty())
        spdlog::warn("static assets missing in {}: pages will be unstyled", options.static_dir.string());
    Config config;
    config.stylesheet_url = assets.url(config.stylesheet_url);
    config.script_url = assets.url(config.script_url);
    config.icon_url = assets.url(config.icon_url);
    config.secure_cookies = options.secure_cookies;
    config.idle_timeout_seconds = options.session_idle_seconds;
    config.absolute_timeout_seconds = options.session_max_seconds;
    auto lens = TRY(service::load_lens(options.share_dir));
    auto app = TRY(App::create(config, std::move(views), std::move(templates), std::move(lens)));
    // Before any of the server's connections opens, so none of them checkpoints.
    auto checkpoints = TRY(service::checkpoint_in_background(options.db_url, std::chrono::seconds(1)));
    auto view_log = TRY(service::ViewLog::start(options.db_url, options.views_on_disk_before_sending
                                                                    ? service::ViewDurability::BeforeSending
                                                                    : service::ViewDurability::WithinASecond));
    app.use_view_log(view_log.get());
    Metrics metrics;

    asio::thread_pool workers(static_cast<std::size_t>(options.workers));
    // Signing in checks a password (argon2id: about 75 ms of CPU and 64 MB):
    // on threads of its own, half the cores, so that a morning's burst of
    // sign-ins queues behind itself and not in front of every page. Measured
    // on two cores with twelve clients signing in without pause: the framework
    // page's p50 852 ms and p99 1,084 ms in the workers' queue, 2.8 and 15 ms here.
    asio::thread_pool sign_ins(std::max(1U, std::thread::hardware_concurrency() / 2));
    auto join_pools = [&] {
        workers.join();
        sign_ins.join();
    };
    std::atomic<int> in_flight{0};
    std::atomic<bool> draining{false};
    const std::string db_url = options.db_url;

    auto handler = [&](restinio::request_handle_t req) -> restinio::request_handling_status_t {
        const auto& h = req->header();
        std::string path(h.path());
        if (h.method() == restinio::http_method_get()) {
            bool immutable = false;
            if (const Asset* asset = assets.find(path, immutable)) {
                auto started = std::chrono::steady_clock::now();
                std::string_view bytes;
                auto r = asset_response(*asset, immutable, h.get_field_or(restinio::http_field::accept_encoding, ""),
                                        h.get_field_or(restinio::http_field::if_none_match, ""), bytes);
                int status = r.status;
                send(req, std::move(r), draining, bytes);
                metrics.observe(RouteClass::Static, false, status, std::chrono::steady_clock::now() - started, {});
                return restinio::request_accepted();
            }
        }
        ++in_flight;
        const bool signing_in =
            req->header().method() == restinio::http_method_post() && req->header().path() == "/sign-in";
        asio::post(signing_in ? sign_ins.get_executor() : workers.get_executor(), [&, req]() {
            thread_local std::unique_ptr<store::Connection> db;
            const auto& hdr = req->header();
            auto started = std::chrono::steady_clock::now();
            auto db_before = db ? db->busy() : std::chrono::nanoseconds{0};
            // Counts the answer in the metrics as it is handed over for sending
            // (so a client that has its answer finds it counted), and the
            // request as finished once it is sent: by this worker, or by the
            // view log's thread once the views the answer shows are on record.
            struct Done {
                std::atomic<int>& n;
                Metrics& metrics;
                RouteClass route;
                bool write;
                std::chrono::steady_clock::time_point started;
                bool counted = false;
                std::chrono::nanoseconds db_time{0};
                void count(int status, std::chrono::nanoseconds db)
                {
                    db_time = db;
                    metrics.observe(route, write, status, std::chrono::steady_clock::now() - started, db_time);
                    counted = true;
                }
                ~Done()
                {
                    if (!counted) count(500, {});
                    --n;
                }
            };
            auto done = std::make_shared<Done>(in_flight, metrics, route_class(hdr.path()),
                                               hdr.method() != restinio::http_method_get(), started);
            // While stopping, each connection is closed after its answer, so
            // that the client (or the proxy) opens its next one elsewhere.
            auto answer = [&](Response&& r) {
                done->count(r.status, db ? db->busy() - db_before : std::chrono::nanoseconds{0});
                send(req, std::move(r), draining);
            };
            if (!db) {
                auto opened = service::open_database(db_url);
                if (!opened) {
                    spdlog::error("worker cannot open the database: {}", opened.error().message);
                    answer(plain(503, "The database is unavailable; try again shortly.\n"));
                    return;
                }
                db = std::move(*opened);
            }
            if (hdr.path() == "/healthz") {
                answer(health(*db));
                return;
            }
            auto method = method_of(hdr.method());
            if (!method) {
                answer(plain(405, "Method not allowed\n"));
                return;
            }
            Request r;
            r.method = *method;
            std::string raw_path(hdr.path());
            if (raw_path.find('%') != std::string::npos) {
                auto decoded = restinio::utils::try_unescape_percent_encoding(raw_path);
                if (!decoded) {
                    answer(plain(400, "The address is malformed.\n"));
                    return;
                }
                raw_path = *decoded;
            }
            r.path = raw_path;
            r.query = std::string(hdr.query());
            r.content_type = hdr.get_field_or(restinio::http_field::content_type, "");
            r.cookie = hdr.get_field_or(restinio::http_field::cookie, "");
            r.authorization = hdr.get_field_or(restinio::http_field::authorization, "");
            r.csrf_header = hdr.get_field_or("X-CSRF-Token", "");
            r.accept = hdr.get_field_or(restinio::http_field::accept, "");
            r.accept_encoding = hdr.get_field_or(restinio::http_field::accept_encoding, "");
            r.if_match = hdr.get_field_or(restinio::http_field::if_match, "");
            r.idempotency_key = hdr.get_field_or("Idempotency-Key", "");
            r.address = client_address(req->remote_endpoint().address().to_string(),
                                       hdr.get_field_or("X-Forwarded-For", ""), options.trusted_proxies);
            r.tls = options.secure_cookies;
            r.body = req->body();
            if (r.method != Method::Get && r.content_type.starts_with("multipart/form-data")) {
                r.multipart = true;
                r.read_parts = [&r]() { return read_multipart(r.content_type, r.body); };
            }
            auto [resp, views] = app.answer(r, *db);
            // Pages go compressed to a browser that takes it. Most come so from
            // Ctx::page_with, which keeps their CSRF tokens out of compression.
            if (resp.content_type.starts_with("text/html")) {
                resp.header("Vary", "Accept-Encoding");
                bool encoded =
                    std::ranges::any_of(resp.headers, [](const auto& h) { return h.first == "Content-Encoding"; });
                if (!encoded && resp.body.size() >= kCompressFrom && accepts_gzip(r.accept_encoding)) {
                    if (auto zipped = gzip(resp.body, kPageGzipLevel); !zipped.empty()) {
                        resp.body = std::move(zipped);
                        resp.header("Content-Encoding", "gzip");
                    }
                }
            }
            auto db_time = db->busy() - db_before;
            // Called on this worker or on the view log's thread, neither of
            // which can do anything with an answer that could not be sent but
            // log it (the connection then times out).
            // clang-tidy 16 reports every closure that holds a string as
            // throwing (llvm-project issue 54668).
            // NOLINTNEXTLINE(bugprone-exception-escape)
            auto sent = [&draining, req, done, db_time, method = r.method, path = r.path](Response&& out) noexcept {
                try {
                    done->count(out.status, db_time);
                    int status = out.status;
                    send(req, std::move(out), draining);
                    // Structured, and free of personal data: no query strings, bodies or names.
                    spdlog::info(
                        "request method={} path={} status={} ms={:.1f} db_ms={:.1f}", to_string(method), path, status,
                        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - done->started)
                            .count(),
                        std::chrono::duration<double, std::milli>(db_time).count());
                } catch (const std::exception& e) {
                    spdlog::error("request method={} path={}: the answer could not be sent: {}", to_string(method),
                                  path, e.what());
                } catch (...) {
                    spdlog::error("request method={} path={}: the answer could not be sent", to_string(method), path);
                }
            };
            if (!views) {
                sent(std::move(resp));
                return;
            }
            // Nothing is sent before the views it shows are on record. This
            // worker goes on to the next request; the view log's thread sends
            // the answer once its batch has committed.
            views->when_recorded(
                // NOLINTNEXTLINE(bugprone-exception-escape): as `sent` above.
                [&app, sent, resp = std::move(resp), method = r.method, path = r.path](Result<void> recorded) mutable {
                    sent(recorded ? std::move(resp) : app.unrecorded(method, path, recorded.error()));
                });
        });
        return restinio::request_accepted();
    };

    auto max_connections = connection_room(options.max_connections);
    if (max_connections < 16)
        return std::unexpected(Error::unavailable(fmt::format(
            "The open-file limit leaves room for only {} connections; raise it (ulimit -n) to at least 512.",
            max_connections)));
    auto guard = std::make_shared<ConnectionGuard>(options.max_connections_per_address, options.trusted_proxies);
    // The listening socket, closed first when stopping (see below).
    std::atomic<int> listening_fd{-1};
    // The largest real request is an upload; RESTinio holds a whole body before
    // Trellis sees it, so it is refused beyond that size while still arriving.
    auto make_settings = [&] {
        return restinio::server_settings_t<Traits>{}
            .address(options.address)
            .port(options.port)
            .request_handler(handler)
            .acceptor_post_bind_hook([&](asio::ip::tcp::acceptor& a) { listening_fd = a.native_handle(); })
            .max_pipelined_requests(4)
            .max_parallel_connections(max_connections)
            .ip_blocker(guard)
            .connection_state_listener(guard)
            .read_next_http_message_timelimit(std::chrono::seconds(options.read_timeout_seconds))
            .write_http_response_timelimit(std::chrono::seconds(30))
            .handle_request_timeout(std::chrono::seconds(30))
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                          .max_url_size(std::size_t{8} * 1024)
                                          .max_field_name_size(256)
                                          .max_field_value_size(std::size_t{16} * 1024)
                                          .max_field_count(100)
                                          .max_body_size(config.max_upload_bytes + std::size_t{64} * 1024));
    };
    using Instance = restinio::running_server_instance_t<restinio::http_server_t<Traits>>;
    auto start = [&]() -> Result<std::unique_ptr<Instance>> {
        try {
            return restinio::run_async<Traits>(restinio::own_io_context(), make_settings(),
                                               static_cast<std::size_t>(options.io_threads));
        } catch (const std::exception& e) {
            return std::unexpected(
                Error::unavailable(fmt::format("Cannot listen on {}:{}: {}", options.address, options.port, e.what())));
        }
    };
    auto probe_address = options.address == "0.0.0.0" ? std::string("127.0.0.1")
                         : options.address == "::"    ? std::string("::1")
                                                      : options.address;
    // Connects to the listener; true once it has accepted (RESTinio accepts
    // even a connection it then refuses, and counts it in the guard).
    auto probe = [&](std::chrono::milliseconds wait) {
        auto before = guard->inspected();
        asio::io_context probe_ctx;
        asio::ip::tcp::socket socket(probe_ctx);
        asio::error_code ec;
        socket.connect({asio::ip::make_address(probe_address, ec), options.port}, ec);
        if (ec) return false;
        for (auto until = std::chrono::steady_clock::now() + wait; std::chrono::steady_clock::now() < until;) {
            if (guard->inspected() != before) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    };
    auto started = start();
    if (!started) {
        join_pools();
        return std::unexpected(started.error());
    }
    std::unique_ptr<Instance> server = std::move(*started);
    std::mutex server_mutex;
    // run_async may return before the socket listens; wait until it accepts.
    for (int attempt = 0; attempt < 100 && !probe(std::chrono::milliseconds(20)); ++attempt) {
    }

    // RESTinio 0.6 stops accepting for good after a failed accept() (for
    // example when open files run out) and says nothing. The connection cap
    // keeps that from happening; should it happen anyway, a watchdog that
    // finds the listener deaf twice running while below the cap logs it and
    // starts a fresh listener.
    std::atomic<bool> stopping{false};
    std::thread watchdog([&] {
        int deaf = 0;
        while (!stopping) {
            for (int i = 0; i < 50 && !stopping; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (stopping || guard->total() + 2 >= max_connections) continue;
            deaf = probe(std::chrono::seconds(3)) ? 0 : deaf + 1;
            if (deaf < 2 || stopping) continue;
            spdlog::error("listener stopped accepting connections (open={}); starting a new one", guard->total());
            std::lock_guard lock(server_mutex);
            server->stop();
            server->wait();
            auto again = start();
            if (again) {
                server = std::move(*again);
                deaf = 0;
            } else {
                spdlog::error("listener could not restart: {}", again.error().message);
            }
        }
    });

    // The daily job, on a connection of its own.
    std::thread daily([&] {
        std::unique_ptr<store::Connection> db;
        while (!stopping) {
            for (int i = 0; i < 600 && !stopping; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (stopping || now_utc().substr(11, 5) < options.daily_job_time) continue;
            if (!db) {
                auto opened = service::open_database(options.db_url);
                if (!opened) {
                    spdlog::error("daily job: {}", opened.error().message);
                    continue;
                }
                db = std::move(*opened);
            }
            auto began = std::chrono::steady_clock::now();
            auto took = [&began] {
                auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
                began = std::chrono::steady_clock::now();
                return ms;
            };
            auto ran = service::run_daily_retention(*db, today_utc());
            if (!ran) {
                spdlog::error("daily job: retention failed: {}", ran.error().message);
                db.reset();
                continue;
            }
            if (!*ran) continue;
            spdlog::info("daily job: retention ran ms={:.1f}", took());
            // After the day's erasures, the search index's pieces merged
            // (a step of some tens of milliseconds at a time).
            if (auto merged = service::tidy_search(*db); !merged)
                spdlog::error("daily job: merging the search index failed: {}", merged.error().message);
            else
                spdlog::info("daily job: search index merged in {} steps ms={:.1f}", *merged, took());
            auto head = service::audit_head(*db);
            if (head)
                spdlog::info("daily job: audit chain head {} ms={:.1f}", *head, took());
            else
                spdlog::error("daily job: audit chain head: {}", head.error().message);
        }
    });

    // Metrics and health on an address of their own, for the monitoring system
    // and not for users (one I/O thread, its own database connection).
    std::unique_ptr<store::Connection> metrics_db;
    auto metrics_handler = [&](const restinio::request_handle_t& req) {
        std::string_view path = req->header().path();
        Response r = plain(404, "Not found\n");
        if (req->header().method() != restinio::http_method_get()) {
            r = plain(405, "Method not allowed\n");
        } else if (path == "/metrics" || path == "/healthz") {
            if (!metrics_db) {
                auto opened = service::open_database(db_url);
                if (opened) metrics_db = std::move(*opened);
            }
            if (path == "/healthz") {
                r = metrics_db ? health(*metrics_db) : plain(503, R"({"status":"database unavailable"})");
            } else {
                Gauges g;
                g.in_flight = in_flight;
                g.open_connections = static_cast<std::int64_t>(guard->total());
                g.audit_queue = static_cast<std::int64_t>(view_log->queued());
                g.schema_version = service::schema_version();
                if (metrics_db) {
                    auto live = service::live_sessions(*metrics_db, now_unix(), config.idle_timeout_seconds,
                                                       config.absolute_timeout_seconds);
                    if (live)
                        g.sessions = *live;
                    else
                        metrics_db.reset();
                }
                r = plain(200, metrics.render(g));
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
            }
        }
        send(req, std::move(r));
        return restinio::request_accepted();
    };
    using MetricsInstance = restinio::running_server_instance_t<restinio::http_server_t<restinio::default_traits_t>>;
    std::unique_ptr<MetricsInstance> metrics_server;
    if (options.metrics_port != 0) {
        try {
            metrics_server = restinio::run_async<restinio::default_traits_t>(
                restinio::own_io_context(),
                restinio::server_settings_t<restinio::default_traits_t>{}
                    .address(options.metrics_address)
                    .port(options.metrics_port)
                    .request_handler(metrics_handler),
                1);
        } catch (const std::exception& e) {
            stopping = true;
            watchdog.join();
            daily.join();
            server->stop();
            server->wait();
            join_pools();
            return std::unexpected(Error::unavailable(fmt::format(
                "Cannot listen for metrics on {}:{}: {}", options.metrics_address, options.metrics_port, e.what())));
        }
        spdlog::info("metrics url=http://{}:{}/metrics", options.metrics_address, options.metrics_port);
    }

    auto url = fmt::format("http://{}:{}/", options.address, options.port);
    spdlog::info("listening url={} workers={} max_connections={} per_address={} views_on_disk={}", url, options.workers,
                 max_connections, options.max_connections_per_address,
                 options.views_on_disk_before_sending ? "before_sending" : "within_a_second");
    if (service::password_cost() == service::PasswordCost::Minimum)
        spdlog::warn(
            "TRELLIS_PASSWORD_COST=minimum: new password hashes are made at the lowest cost, which is for "
            "test suites only; unset it on a real install");
    if (options.on_listening) options.on_listening(url);

    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("stopping signal={} in_flight={}", received == SIGTERM ? "SIGTERM" : "SIGINT", in_flight.load());
    // Stop listening first, so that new connections are refused and a proxy
    // sends them to another instance; requests on connections already open are
    // still answered, each then closing its connection. shutdown() is safe from
    // this thread (closing the asio acceptor here is not), and on Linux it ends
    // the listener: RESTinio's pending accept fails and is not renewed.
    draining = true;
    stopping = true;
    if (int fd = listening_fd.exchange(-1); fd >= 0) ::shutdown(fd, SHUT_RD);
    watchdog.join();
    daily.join();
    for (int i = 0; i < 2000 && in_flight > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    server->stop();
    server->wait();
    join_pools();
    if (metrics_server) {
        metrics_server->stop();
        metrics_server->wait();
    }
    // Answers still waiting for their views are handed over (to a server that
    // no longer sends) before the server's connections are gone.
    app.use_view_log(nullptr);
    view_log.reset();
    spdlog::info("stopped");
    return {};
}

}  // namespace trellis::web
