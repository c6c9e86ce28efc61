// HTTP as the handlers see it: plain values, no RESTinio, so handlers compile
// quickly and tests can call them directly.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trellis::web {

enum class Method { Get, Post, Put, Patch, Delete };
std::string_view to_string(Method m);

// One part of a multipart/form-data body: a form field, or a file when it has a filename.
struct Part {
    std::string name;
    std::optional<std::string> filename;
    std::string body;
};

struct Request {
    Method method = Method::Get;
    std::string path;   // decoded path, without the query
    std::string query;  // raw query string, without '?'
    std::string content_type;
    std::string cookie;
    std::string authorization;
    std::string csrf_header;  // X-CSRF-Token, for JSON requests signed in by cookie
    std::string accept;
    std::string accept_encoding;
    std::string if_match;         // If-Match, for a write that names the version it replaces
    std::string idempotency_key;  // Idempotency-Key, for an API POST a client may retry
    std::string address;          // client IP
    bool tls = false;
    std::string body;
    // multipart/form-data: split by the server only when asked, after the
    // session and the route's permission are checked; nullopt when malformed.
    bool multipart = false;
    std::function<std::optional<std::vector<Part>>()> read_parts;
};

// The client's address: the connection's peer, unless the peer is a trusted
// proxy, when it is the rightmost address of X-Forwarded-For that is not a
// trusted proxy (addresses to its left could be written by anyone).
std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

struct Response {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    Response& header(std::string name, std::string value)
    {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    static Response redirect(std::string location, int status = 303)
    {
        Response r;
        r.status = status;
        r.header("Location", std::move(location));
        return r;
    }
};

const char* reason_phrase(int status);

}  // namespace trellis::web
