#include <sys/stat.h>

#include "app/commands.hpp"

int main(int argc, char** argv)
{
    // Files Trellis creates (the SQLite database, exports) hold personal data
    // about children: readable by this account only.
    ::umask(077);
    return trellis::app::run(argc, argv);
}
