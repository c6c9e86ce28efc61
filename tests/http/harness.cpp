#include "harness.hpp"

#include <arpa/inet.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace trellis::testing {
namespace {

const std::string kBinary = std::string(TRELLIS_BINARY_DIR) + "/trellis";

std::string slurp(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string lower(std::string s)
{
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string encode(const std::string& s)
{
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

}  // namespace

std::string form_encode(const std::map<std::string, std::string>& fields)
{
    std::string out;
    for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + encode(k) + "=" + encode(v);
    return out;
}

std::string HttpResponse::header(const std::string& name) const
{
    auto it = headers.find(lower(name));
    return it == headers.end() ? "" : it->second;
}

Server::Server(Backend backend, std::vector<std::string> serve_args, int open_files)
    : db_(std::make_unique<TestDatabase>(backend)), dir_(temp_folder("trellis-http"))
{
    if (!db_->ok()) {
        problem_ = db_->problem();
        return;
    }
    std::string demo = cli("demo");
    std::regex line(R"((admin|lead|practitioner|partner|viewer)\s+\S+@demo\.trellis\.test\s+(\S+))");
    for (std::sregex_iterator it(demo.begin(), demo.end(), line), end; it != end; ++it) passwords_[(*it)[1]] = (*it)[2];
    if (passwords_.size() != 5) {
        problem_ = "trellis demo did not print five sign-ins: " + demo;
        return;
    }
    // Another test may take the port between free_port and the server's
    // bind; a server that could not listen is started again on another.
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (start(serve_args, open_files)) return;
        if (problem_.find("Address already in use") == std::string::npos) return;
    }
}

bool Server::start(const std::vector<std::string>& serve_args, int open_files)
{
    port_ = free_port();
    auto log = dir_ / "server.log";
    pid_t pid = ::fork();
    if (pid == 0) {
        if (!std::freopen(log.c_str(), "w", stdout)) std::_Exit(126);
        if (!std::freopen(log.c_str(), "a", stderr)) std::_Exit(126);
        if (open_files > 0) {
            rlimit limit{static_cast<rlim_t>(open_files), static_cast<rlim_t>(open_files)};
            if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) std::_Exit(125);
        }
        std::vector<std::string> args = {kBinary,     "--db", db_->url(), "serve", "--port", std::to_string(port_),
                                         "--workers", "3"};
        args.insert(args.end(), serve_args.begin(), serve_args.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(kBinary.c_str(), argv.data());
        std::_Exit(127);
    }
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 300 && !exited; ++i) {
        if (slurp(log).find("Trellis is listening") != std::string::npos) {
            pid_ = pid;
            problem_.clear();
            return true;
        }
        exited = ::waitpid(pid, &status, WNOHANG) == pid;
        if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    problem_ = "the server did not start: " + slurp(log);
    if (!exited) {
        ::kill(pid, SIGTERM);
        ::waitpid(pid, &status, 0);
    }
    return false;
}

Server::~Server()
{
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string Server::log() const
{
    return slurp(dir_ / "server.log");
}

std::string Server::cli(const std::string& args, const std::string& stdin_text) const
{
    auto out = dir_ / "cli.out";
    auto in = dir_ / "cli.in";
    std::ofstream(in) << stdin_text;
    auto cmd =
        "'" + kBinary + "' --db '" + db_->url() + "' " + args + " <'" + in.string() + "' >'" + out.string() + "' 2>&1";
    (void)std::system(cmd.c_str());
    return slurp(out);
}

HttpResponse Client::request(const std::string& method, const std::string& path, const std::string& body,
                             const std::string& content_type, const std::map<std::string, std::string>& headers)
{
    HttpResponse r;
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(server_.port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(s);
        return r;
    }
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    std::string jar;
    for (const auto& [k, v] : cookies_) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
    if (!jar.empty()) req += "Cookie: " + jar + "\r\n";
    if (!bearer.empty()) req += "Authorization: Bearer " + bearer + "\r\n";
    for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
    if (method != "GET")
        req += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    req += "\r\n" + body;
    for (std::size_t sent = 0; sent < req.size();) {
        auto n = ::write(s, req.data() + sent, req.size() - sent);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    std::string raw;
    char buf[65536];
    for (ssize_t n; (n = ::read(s, buf, sizeof buf)) > 0;) raw.append(buf, static_cast<std::size_t>(n));
    ::close(s);
    auto head_end = raw.find("\r\n\r\n");
    if (head_end == std::string::npos) return r;
    std::istringstream head(raw.substr(0, head_end));
    std::string line;
    std::getline(head, line);
    if (line.size() > 12) r.status = std::stoi(line.substr(9, 3));
    while (std::getline(head, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        r.headers.emplace(lower(line.substr(0, colon)), value);
    }
    r.body = raw.substr(head_end + 4);
    remember(r);
    if (path.starts_with("/api/v1/") && !path.starts_with("/api/v1/openapi.json") &&
        r.header("content-type").starts_with("application/json"))
        if (auto problem = server_.contract().check(method, path, r.status, r.body); !problem.empty())
            ADD_FAILURE() << problem;
    return r;
}

ApiContract& Server::contract() const
{
    if (!contract_) {
        auto doc = Client(*this).get("/api/v1/openapi.json");
        contract_ = std::make_unique<ApiContract>(nlohmann::json::parse(doc.body, nullptr, false));
    }
    return *contract_;
}

void Client::remember(const HttpResponse& r)
{
    auto range = r.headers.equal_range("set-cookie");
    for (auto it = range.first; it != range.second; ++it) {
        auto eq = it->second.find('=');
        auto semi = it->second.find(';');
        auto name = it->second.substr(0, eq);
        auto value = it->second.substr(eq + 1, semi - eq - 1);
        if (value.empty() || it->second.find("Max-Age=0") != std::string::npos)
            cookies_.erase(name);
        else
            cookies_[name] = value;
    }
    std::smatch m;
    static const std::regex csrf(R"re(name="_csrf" value="([^"]+)")re");
    if (std::regex_search(r.body, m, csrf) && cookies_.contains("trellis_session")) csrf_ = m[1];
}

std::string Client::cookie(const std::string& name) const
{
    auto it = cookies_.find(name);
    return it == cookies_.end() ? "" : it->second;
}

std::string without_tokens(const std::string& page)
{
    static const std::regex token(R"re(name="_csrf" value="[^"]*")re");
    return std::regex_replace(page, token, R"(name="_csrf" value="")");
}

HttpResponse Client::post(const std::string& path, std::map<std::string, std::string> fields, const std::string& csrf)
{
    if (csrf == "<session>")
        fields["_csrf"] = csrf_;
    else if (!csrf.empty())
        fields["_csrf"] = csrf;
    return request("POST", path, form_encode(fields));
}

HttpResponse Client::api(const std::string& method, const std::string& path, const std::string& json, bool send_csrf)
{
    std::map<std::string, std::string> headers;
    if (send_csrf && !csrf_.empty()) headers["X-CSRF-Token"] = csrf_;
    return request(method, path, json, "application/json", headers);
}

HttpResponse Client::sign_in(const std::string& role)
{
    return sign_in_as(role + "@demo.trellis.test", server_.password(role));
}

HttpResponse Client::sign_in_as(const std::string& email, const std::string& password)
{
    auto form = get("/sign-in");
    std::smatch m;
    static const std::regex token(R"re(name="_csrf" value="([^"]+)")re");
    std::string pre = std::regex_search(form.body, m, token) ? std::string(m[1]) : "";
    auto r = request("POST", "/sign-in", form_encode({{"email", email}, {"password", password}, {"_csrf", pre}}));
    if (r.status == 303) {
        auto page = get("/account");  // any signed-in page carries the CSRF token
        (void)page;
    }
    return r;
}

}  // namespace trellis::testing
