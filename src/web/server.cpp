#include "web/server.hpp"

#include <csignal>
#include <fmt/format.h>
#include <future>

#include <restinio/all.hpp>
#include <spdlog/spdlog.h>

#include "store/connection.hpp"
#include "store/migrations.hpp"

namespace trellis::web {
namespace {

using Router = restinio::router::express_router_t<>;
using Traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t, Router>;

void security_headers(restinio::response_builder_t<restinio::restinio_controlled_output_t>& r)
{
    r.append_header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                                               "form-action 'self'")
        .append_header("X-Content-Type-Options", "nosniff")
        .append_header("Referrer-Policy", "same-origin")
        .append_header("Cache-Control", "no-store");
}

restinio::request_handling_status_t reply(const restinio::request_handle_t& req, restinio::http_status_line_t status,
                                          std::string content_type, std::string body)
{
    auto r = req->create_response(status);
    r.append_header(restinio::http_field::content_type, std::move(content_type));
    security_headers(r);
    r.set_body(std::move(body));
    return r.done();
}

}  // namespace

Result<void> serve(const ServeOptions& options)
{
    // Fail before listening if the database is unreachable or the schema is not current.
    auto db = TRY(store::open(options.db_url));
    TRY(store::migrate(*db));
    db.reset();

    auto router = std::make_unique<Router>();
    router->http_get("/healthz", [](auto req, auto) {
        return reply(req, restinio::status_ok(), "application/json",
                     fmt::format(R"({{"status":"ok","schema":{}}})", store::latest_schema_version()));
    });
    router->http_get("/", [](auto req, auto) {
        return reply(req, restinio::status_ok(), "text/plain; charset=utf-8",
                     "Trellis is running.\n\nThe web pages (sign-in, contexts, the framework editor) are not built "
                     "yet; use the command line meanwhile: trellis --help\n\nHealth check: /healthz\n");
    });
    router->non_matched_request_handler([](auto req) {
        return reply(req, restinio::status_not_found(), "text/plain; charset=utf-8", "Not found\n");
    });

    // Block the stop signals in every thread; this thread waits for them below.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto settings = restinio::server_settings_t<Traits>{}
                        .address(options.address)
                        .port(options.port)
                        .request_handler(std::move(router))
                        .max_pipelined_requests(4)
                        .read_next_http_message_timelimit(std::chrono::seconds(30))
                        .write_http_response_timelimit(std::chrono::seconds(30))
                        .handle_request_timeout(std::chrono::seconds(30));
    std::promise<void> listening;
    auto listening_future = listening.get_future();
    std::unique_ptr<restinio::running_server_instance_t<restinio::http_server_t<Traits>>> server;
    try {
        server = restinio::run_async<Traits>(restinio::own_io_context(), std::move(settings),
                                             static_cast<std::size_t>(options.io_threads));
    } catch (const std::exception& e) {
        return std::unexpected(Error::unavailable(
            fmt::format("Cannot listen on {}:{}: {}", options.address, options.port, e.what())));
    }
    // run_async returns before the socket listens; wait until a connection succeeds.
    for (int attempt = 0; attempt < 100; ++attempt) {
        asio::io_context probe_ctx;
        asio::ip::tcp::socket probe(probe_ctx);
        asio::error_code ec;
        probe.connect({asio::ip::make_address(options.address, ec), options.port}, ec);
        if (!ec) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    auto url = fmt::format("http://{}:{}/", options.address, options.port);
    spdlog::info("listening url={}", url);
    if (options.on_listening) options.on_listening(url);

    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("stopping signal={}", received == SIGTERM ? "SIGTERM" : "SIGINT");
    server->stop();
    server->wait();
    spdlog::info("stopped");
    return {};
}

}  // namespace trellis::web
