#include <sys/stat.h>

#include "app/commands.hpp"

#if TRELLIS_JEMALLOC
// jemalloc reads its settings from this symbol. One arena: a server's threads
// share it (two cores; each thread keeps a small cache of its own). Freed
// pages go back to the system half a second after they are last used, by a
// thread of jemalloc's own, so resident memory follows the load rather than
// its peak without the requests paying for it.
extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): the name and type jemalloc looks for
const char* malloc_conf = "narenas:1,dirty_decay_ms:500,muzzy_decay_ms:0,background_thread:true";
}
#endif

int main(int argc, char** argv)
{
    // Files Trellis creates (the SQLite database, exports) hold personal data
    // about children: readable by this account only.
    ::umask(077);
    return trellis::app::run(argc, argv);
}
