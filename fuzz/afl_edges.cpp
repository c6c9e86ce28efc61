// Edge coverage for afl++ from GCC's -fsanitize-coverage=trace-pc.
//
// Debian 12's afl++ (4.04c) ships afl-g++-fast with a GCC plugin built against
// gcc 12.2.0-14; the distribution's gcc is now 12.2.0-14+deb12u1 and the plugin
// refuses to load ("GCC and plugin have incompatible versions"). Debian's clang
// cannot compile Trellis (libstdc++ 12's std::expected needs newer concepts).
// So the harnesses are compiled by g++ itself with -fsanitize-coverage=trace-pc,
// which calls this function at the start of every basic block, and linked with
// afl++'s own runtime (afl-compiler-rt.o: shared memory, fork server, persistent
// mode) and driver (libAFLDriver.a). This records edges the way afl's classic
// instrumentation does: a hash of this block and the previous one, counted in
// the runtime's map.
#include <cstdint>

extern "C" {
extern std::uint8_t* __afl_area_ptr;
extern std::uint32_t __afl_map_size;

__attribute__((no_sanitize_coverage, no_sanitize("address", "undefined"))) void __sanitizer_cov_trace_pc()
{
    static thread_local std::uintptr_t previous = 0;
    auto here = reinterpret_cast<std::uintptr_t>(__builtin_return_address(0));
    here = (here >> 4) ^ (here << 8);
    std::uintptr_t slot = (here ^ previous) % __afl_map_size;
    ++__afl_area_ptr[slot];
    previous = here >> 1;
}
}
