// multipart/form-data: the first line is the Content-Type, the rest the body.
#include "web/multipart.hpp"

#include "harness.hpp"

using namespace trellis;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto input = fuzz::bytes(data, size);
    auto newline = input.find('\n');
    auto content_type = input.substr(0, newline);
    auto body = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
    if (auto parts = web::read_multipart(content_type, body)) {
        std::size_t total = 0;
        for (const auto& part : *parts) total += part.name.size() + part.body.size();
        fuzz::must(!parts->empty(), "a body read has parts");
        fuzz::must(total <= body.size(), "parts come from the body");
    }
    return 0;
}
