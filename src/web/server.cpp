#include "web/server.hpp"

#include <atomic>
#include <csignal>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <restinio/all.hpp>
#include <restinio/helpers/http_field_parsers/content-disposition.hpp>
#include <restinio/helpers/multipart_body.hpp>

#include "formats/template_files.hpp"
#include "service/lens.hpp"
#include "store/connection.hpp"
#include "store/migrations.hpp"
#include "web/app.hpp"

namespace trellis::web {
namespace {

using Traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;

struct StaticFile {
    std::string content_type;
    std::string body;
};

std::string content_type_for(const std::filesystem::path& p)
{
    static const std::map<std::string, std::string> kTypes = {{".css", "text/css; charset=utf-8"},
                                                              {".js", "text/javascript; charset=utf-8"},
                                                              {".mjs", "text/javascript; charset=utf-8"},
                                                              {".svg", "image/svg+xml"},
                                                              {".png", "image/png"},
                                                              {".ico", "image/x-icon"},
                                                              {".woff2", "font/woff2"},
                                                              {".json", "application/json"},
                                                              {".webmanifest", "application/manifest+json"},
                                                              {".map", "application/json"}};
    auto it = kTypes.find(p.extension().string());
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// Static assets are small: read them all once and serve from memory.
std::map<std::string, StaticFile> load_static(const std::filesystem::path& dir)
{
    std::map<std::string, StaticFile> files;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        auto rel = std::filesystem::relative(entry.path(), dir).generic_string();
        files["/static/" + rel] = {content_type_for(entry.path()), s.str()};
    }
    return files;
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

void send(const restinio::request_handle_t& req, const Response& r, bool close = false)
{
    auto rb = req->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(r.status)}, reason_phrase(r.status)});
    rb.append_header(restinio::http_field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) rb.append_header(k, v);
    if (close) rb.connection_close();
    rb.set_body(r.body);
    rb.done();
}

Response plain(int status, std::string body)
{
    Response r;
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = std::move(body);
    add_security_headers(r, false);
    return r;
}

}  // namespace

Result<void> serve(const ServeOptions& options)
{
    // Fail before listening if the database, templates or views are not usable.
    {
        auto db = TRY(store::open(options.db_url));
        TRY(store::migrate(*db));
    }
    auto templates = TRY(formats::load_templates(options.share_dir / "templates"));
    auto views = TRY(Views::load(options.share_dir / "views"));
    Config config;
    config.secure_cookies = options.secure_cookies;
    config.idle_timeout_seconds = options.session_idle_seconds;
    config.absolute_timeout_seconds = options.session_max_seconds;
    auto lens = TRY(service::load_lens(options.share_dir));
    auto app = TRY(App::create(config, std::move(views), std::move(templates), std::move(lens)));
    auto audit_writer = TRY(store::AuditWriter::start(options.db_url));
    app.use_audit_writer(audit_writer.get());
    auto static_files = load_static(options.static_dir);
    if (!static_files.contains("/static/trellis.css"))
        spdlog::warn("static assets missing in {}: pages will be unstyled", options.static_dir.string());

    asio::thread_pool workers(static_cast<std::size_t>(options.workers));
    std::atomic<int> in_flight{0};
    std::atomic<bool> draining{false};
    const std::string db_url = options.db_url;

    auto handler = [&](restinio::request_handle_t req) -> restinio::request_handling_status_t {
        const auto& h = req->header();
        std::string path(h.path());
        if (h.method() == restinio::http_method_get()) {
            auto it = static_files.find(path);
            if (it != static_files.end()) {
                Response r;
                r.content_type = it->second.content_type;
                r.body = it->second.body;
                add_security_headers(r, true);
                send(req, r);
                return restinio::request_accepted();
            }
        }
        if (draining) {
            send(req, plain(503, "Trellis is restarting; try again in a moment.\n"), true);
            return restinio::request_accepted();
        }
        ++in_flight;
        asio::post(workers, [&, req]() {
            struct Done {
                std::atomic<int>& n;
                ~Done() { --n; }
            } done{in_flight};
            thread_local std::unique_ptr<store::Connection> db;
            if (!db) {
                auto opened = store::open(db_url);
                if (!opened) {
                    spdlog::error("worker cannot open the database: {}", opened.error().message);
                    send(req, plain(503, "The database is unavailable; try again shortly.\n"));
                    return;
                }
                db = std::move(*opened);
            }
            const auto& hdr = req->header();
            if (hdr.path() == "/healthz") {
                auto ok = db->query("SELECT 1");
                send(req,
                     ok ? plain(200, fmt::format(R"({{"status":"ok","schema":{}}})", store::latest_schema_version()))
                        : plain(503, R"({"status":"database unavailable"})"));
                return;
            }
            auto method = method_of(hdr.method());
            if (!method) {
                send(req, plain(405, "Method not allowed\n"));
                return;
            }
            Request r;
            r.method = *method;
            std::string raw_path(hdr.path());
            if (raw_path.find('%') != std::string::npos) {
                auto decoded = restinio::utils::try_unescape_percent_encoding(raw_path);
                if (!decoded) {
                    send(req, plain(400, "The address is malformed.\n"));
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
            r.address = req->remote_endpoint().address().to_string();
            r.tls = options.secure_cookies;
            r.body = req->body();
            if (r.method != Method::Get && r.content_type.starts_with("multipart/form-data")) {
                namespace mp = restinio::multipart_body;
                namespace hfp = restinio::http_field_parsers;
                r.multipart = true;
                auto parsed = mp::enumerate_parts(
                    *req,
                    [&](mp::parsed_part_t part) {
                        auto disposition = part.fields.opt_value_of(restinio::http_field::content_disposition);
                        if (!disposition) return mp::handling_result_t::terminate_enumeration;
                        auto value = hfp::content_disposition_value_t::try_parse(*disposition);
                        if (!value || value->value != "form-data") return mp::handling_result_t::terminate_enumeration;
                        auto name = hfp::find_first(value->parameters, "name");
                        if (!name) return mp::handling_result_t::terminate_enumeration;
                        Part p{std::string(name->data(), name->size()), std::nullopt,
                               std::string(part.body.data(), part.body.size())};
                        if (auto filename = hfp::find_first(value->parameters, "filename"))
                            p.filename = std::string(filename->data(), filename->size());
                        r.parts.push_back(std::move(p));
                        return mp::handling_result_t::continue_enumeration;
                    },
                    "multipart", "form-data");
                r.multipart_malformed = !parsed;
            }
            auto started = std::chrono::steady_clock::now();
            Response resp = app.handle(r, *db);
            send(req, resp);
            // Structured, and free of personal data: no query strings, bodies or names.
            spdlog::info("request method={} path={} status={} ms={:.1f}", to_string(r.method), r.path, resp.status,
                         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
        });
        return restinio::request_accepted();
    };

    // Block the stop signals in every thread; this thread waits for them below.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto settings = restinio::server_settings_t<Traits>{}
                        .address(options.address)
                        .port(options.port)
                        .request_handler(handler)
                        .max_pipelined_requests(4)
                        .read_next_http_message_timelimit(std::chrono::seconds(30))
                        .write_http_response_timelimit(std::chrono::seconds(30))
                        .handle_request_timeout(std::chrono::seconds(30))
                        .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                                      .max_url_size(8 * 1024)
                                                      .max_field_name_size(256)
                                                      .max_field_value_size(16 * 1024)
                                                      .max_field_count(100)
                                                      .max_body_size(20 * 1024 * 1024));
    std::unique_ptr<restinio::running_server_instance_t<restinio::http_server_t<Traits>>> server;
    try {
        server = restinio::run_async<Traits>(restinio::own_io_context(), std::move(settings),
                                             static_cast<std::size_t>(options.io_threads));
    } catch (const std::exception& e) {
        workers.join();
        return std::unexpected(
            Error::unavailable(fmt::format("Cannot listen on {}:{}: {}", options.address, options.port, e.what())));
    }
    // run_async may return before the socket listens; wait until a connection succeeds.
    for (int attempt = 0; attempt < 100; ++attempt) {
        asio::io_context probe_ctx;
        asio::ip::tcp::socket probe(probe_ctx);
        asio::error_code ec;
        probe.connect({asio::ip::make_address(options.address, ec), options.port}, ec);
        if (!ec) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    auto url = fmt::format("http://{}:{}/", options.address, options.port);
    spdlog::info("listening url={} workers={}", url, options.workers);
    if (options.on_listening) options.on_listening(url);

    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("stopping signal={} in_flight={}", received == SIGTERM ? "SIGTERM" : "SIGINT", in_flight.load());
    draining = true;
    for (int i = 0; i < 2000 && in_flight > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    server->stop();
    server->wait();
    workers.join();
    spdlog::info("stopped");
    return {};
}

}  // namespace trellis::web
