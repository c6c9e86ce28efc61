// A real Trellis server for tests: a fresh database on the chosen backend with
// the demo loaded, the binary started on a free port, and a small HTTP client
// with a cookie jar per signed-in user.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "contract.hpp"
#include "test_db.hpp"

namespace trellis::testing {

struct HttpResponse {
    int status = 0;
    std::multimap<std::string, std::string> headers;  // names lower-cased
    std::string body;

    std::string header(const std::string& name) const;
    bool has(const std::string& text) const { return body.find(text) != std::string::npos; }
};

class Server {
public:
    // open_files, when set, is the server's hard and soft limit of open files.
    explicit Server(Backend backend, std::vector<std::string> serve_args = {}, int open_files = 0);
    ~Server();

    bool ok() const { return pid_ > 0; }
    const std::string& problem() const { return problem_; }
    int port() const { return port_; }
    int pid() const { return pid_; }
    const std::string& password(const std::string& role) const { return passwords_.at(role); }
    const TestDatabase& database() const { return *db_; }
    // Runs the trellis command line against this server's database.
    std::string cli(const std::string& args, const std::string& stdin_text = "") const;
    std::string log() const;
    // The server's own OpenAPI document, read once, that every API answer is checked against.
    ApiContract& contract() const;

private:
    // Starts the binary on a free port; false, with problem_ set, if it did not listen.
    bool start(const std::vector<std::string>& serve_args, int open_files);

    mutable std::unique_ptr<ApiContract> contract_;
    std::unique_ptr<TestDatabase> db_;
    std::map<std::string, std::string> passwords_;
    std::string problem_;
    int port_ = 0;
    int pid_ = -1;
    std::filesystem::path dir_;
};

class Client {
public:
    explicit Client(const Server& server) : server_(server) {}

    HttpResponse request(const std::string& method, const std::string& path, const std::string& body = "",
                         const std::string& content_type = "application/x-www-form-urlencoded",
                         const std::map<std::string, std::string>& headers = {});
    HttpResponse get(const std::string& path) { return request("GET", path); }
    // Posts a form, adding the CSRF token of the current session unless `csrf` says otherwise.
    HttpResponse post(const std::string& path, std::map<std::string, std::string> fields = {},
                      const std::string& csrf = "<session>");
    HttpResponse api(const std::string& method, const std::string& path, const std::string& json = "",
                     bool send_csrf = true);

    // Signs in as a demo role ("lead", "practitioner", ...) or an email and password.
    HttpResponse sign_in(const std::string& role);
    HttpResponse sign_in_as(const std::string& email, const std::string& password);

    const std::string& csrf() const { return csrf_; }
    std::string cookie(const std::string& name) const;
    void set_cookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
    void clear_cookies() { cookies_.clear(); }
    std::string bearer;

private:
    void remember(const HttpResponse& r);
    const Server& server_;
    std::map<std::string, std::string> cookies_;
    std::string csrf_;
};

std::string form_encode(const std::map<std::string, std::string>& fields);
// A page with its CSRF tokens (masked afresh in every answer) blanked, to
// compare two answers' content.
std::string without_tokens(const std::string& page);

}  // namespace trellis::testing
