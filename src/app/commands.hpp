// The `trellis` command line: parses arguments and runs one command.
#pragma once

namespace trellis::app {

// Exit codes: 0 success, 1 the command failed, 2 the command line was wrong.
int run(int argc, char** argv);

}  // namespace trellis::app
