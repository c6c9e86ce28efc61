// The real `trellis serve` in a child process, for tests that kill it, restart
// it or run two of it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace trellis::testing {

class ServerProcess {
public:
    // Runs `trellis ARGS serve --port PORT SERVE_ARGS` in `folder` (where the
    // audit and backup keys of a PostgreSQL database are found), its output
    // appended to folder/serve.log.
    ServerProcess(const std::filesystem::path& folder, const std::vector<std::string>& args, int port,
                  const std::vector<std::string>& serve_args = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // True once /healthz answers 200 within the time given.
    bool wait_ready(std::chrono::milliseconds within) const;
    // Sends the signal and waits for the process; its wait status.
    int signal_and_wait(int signal);
    int port() const { return port_; }

private:
    pid_t pid_ = -1;
    int port_ = 0;
};

// The binary under test.
std::filesystem::path trellis_binary();

// Starts ARGV[0] (a full path) with ARGV in `folder`, its output appended to
// folder/LOG_NAME; the child's pid.
pid_t spawn(const std::filesystem::path& folder, std::vector<std::string> argv, const std::string& log_name);

// Runs `trellis --db URL ARGS` (ARGS as a shell would split them) in `folder`;
// its output, with a test failure when it does not succeed.
std::string trellis_command(const std::filesystem::path& folder, const std::string& url, const std::string& args);

}  // namespace trellis::testing
