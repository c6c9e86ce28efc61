// HTTP as the handlers see it: plain values, no RESTinio, so handlers compile
// quickly and tests can call them directly.
#pragma once

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
    std::string address;  // client IP
    bool tls = false;
    std::string body;
    // multipart/form-data, split by the server: fields and files in order.
    bool multipart = false;
    bool multipart_malformed = false;
    std::vector<Part> parts;
};

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
