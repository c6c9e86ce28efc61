#include "server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "http_client.hpp"

namespace trellis::testing {

std::filesystem::path trellis_binary()
{
    return std::filesystem::path(TRELLIS_BINARY_DIR) / "trellis";
}

pid_t spawn(const std::filesystem::path& folder, std::vector<std::string> argv, const std::string& log_name)
{
    auto log = (folder / log_name).string();
    pid_t pid = ::fork();
    if (pid == 0) {
        if (::chdir(folder.c_str()) != 0) std::_Exit(126);
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            ::dup2(fd, STDOUT_FILENO);
            ::dup2(fd, STDERR_FILENO);
        }
        std::vector<char*> raw;
        for (auto& a : argv) raw.push_back(a.data());
        raw.push_back(nullptr);
        ::execv(raw[0], raw.data());
        std::_Exit(127);
    }
    return pid;
}

std::string trellis_command(const std::filesystem::path& folder, const std::string& url, const std::string& args)
{
    auto out = folder / "command.out";
    auto cmd = fmt::format("cd '{}' && '{}' --db '{}' {} > '{}' 2>&1", folder.string(), trellis_binary().string(), url,
                           args, out.string());
    int status = std::system(cmd.c_str());
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << args << ": " << text.str();
    return text.str();
}

ServerProcess::ServerProcess(const std::filesystem::path& folder, const std::vector<std::string>& args, int port,
                             const std::vector<std::string>& serve_args)
    : port_(port)
{
    std::vector<std::string> argv{trellis_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"serve", "--port", std::to_string(port)});
    argv.insert(argv.end(), serve_args.begin(), serve_args.end());
    pid_ = spawn(folder, std::move(argv), "serve.log");
}

ServerProcess::~ServerProcess()
{
    if (pid_ > 0) signal_and_wait(SIGKILL);
}

bool ServerProcess::wait_ready(std::chrono::milliseconds within) const
{
    for (auto until = std::chrono::steady_clock::now() + within; std::chrono::steady_clock::now() < until;) {
        if (http(port_, "GET", "/healthz", {}, {}, 1000).status == 200) return true;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

int ServerProcess::signal_and_wait(int signal)
{
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
}

}  // namespace trellis::testing
