#include "http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>

namespace trellis::testing {

HttpAnswer http(int port, const std::string& method, const std::string& path, const Headers& headers,
                const std::string& body, int timeout_ms)
{
    HttpAnswer answer;
    int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return answer;
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(s);
        return answer;
    }
    std::string request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    if (!body.empty() || method != "GET") request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    request += "\r\n" + body;
    for (std::size_t sent = 0; sent < request.size();) {
        auto n = ::send(s, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            ::close(s);
            return answer;
        }
        sent += static_cast<std::size_t>(n);
    }
    std::string raw;
    char buf[8192];
    for (ssize_t n; (n = ::recv(s, buf, sizeof buf, 0)) > 0;) raw.append(buf, static_cast<std::size_t>(n));
    ::close(s);
    auto end = raw.find("\r\n\r\n");
    // Only a whole answer counts: the status line, the headers and a body as long as they say.
    if (!raw.starts_with("HTTP/1.1 ") || end == std::string::npos || raw.size() < 12) return answer;
    answer.headers = raw.substr(0, end);
    answer.body = raw.substr(end + 4);
    auto length_at = answer.headers.find("Content-Length: ");
    if (length_at != std::string::npos &&
        std::strtoull(answer.headers.c_str() + length_at + 16, nullptr, 10) != answer.body.size())
        return {};
    answer.status = std::atoi(raw.c_str() + 9);
    return answer;
}

}  // namespace trellis::testing
