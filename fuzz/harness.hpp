// What every fuzz harness shares. A harness defines LLVMFuzzerTestOneInput
// (and, when it needs set-up, LLVMFuzzerInitialize); it is linked either with
// afl++'s libAFLDriver (make fuzz) or with replay_main.cpp, which runs saved
// inputs through it as a test. A harness checks what must hold for every input
// with must(): a broken promise aborts, which both drivers report as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace trellis::fuzz {

inline void must(bool holds, const char* what)
{
    if (!holds) {
        std::fprintf(stderr, "fuzz: broken promise: %s\n", what);
        std::abort();
    }
}

inline std::string_view bytes(const std::uint8_t* data, std::size_t size)
{
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace trellis::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
