#include "run_child.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

namespace impact::testing {

std::string ChildResult::describe() const {
    std::string s = "exit=" + std::to_string(exitCode);
    if (signal) s += " signal=" + std::to_string(signal) + " (" + strsignal(signal) + ")";
    if (killedForTime) s += " KILLED-FOR-TIME";
    char buf[64];
    std::snprintf(buf, sizeof buf, " %.2fs", seconds);
    s += buf;
    s += " maxrss=" + std::to_string(maxRssKb / 1024) + "MB stdout=" + std::to_string(stdoutBytes) + "B stderr=[" + err + "]";
    return s;
}

ChildResult runChild(const std::vector<std::string>& argv, const ChildLimits& limits) {
    int outPipe[2], errPipe[2];
    if (pipe2(outPipe, O_CLOEXEC) != 0 || pipe2(errPipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);

    auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(outPipe[1], 1);
        dup2(errPipe[1], 2);
        struct rlimit core = {0, 0};
        setrlimit(RLIMIT_CORE, &core);
        if (limits.addressSpaceBytes) {
            struct rlimit as = {limits.addressSpaceBytes, limits.addressSpaceBytes};
            setrlimit(RLIMIT_AS, &as);
        }
        execv(args[0], args.data());
        const char msg[] = "runChild: exec failed\n";
        (void)!write(2, msg, sizeof msg - 1);
        _exit(127);
    }
    close(outPipe[1]);
    close(errPipe[1]);

    ChildResult r;
    bool outOpen = true, errOpen = true;
    auto deadline = start + std::chrono::duration<double>(limits.killAfterSeconds);
    char buf[1 << 16];
    while (outOpen || errOpen) {
        auto now = std::chrono::steady_clock::now();
        if (!r.killedForTime && now >= deadline) {
            kill(pid, SIGKILL);
            r.killedForTime = true;
        }
        int waitMs = r.killedForTime
                         ? 1000
                         : static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()) + 1;
        struct pollfd fds[2];
        int n = 0;
        if (outOpen) fds[n++] = {outPipe[0], POLLIN, 0};
        if (errOpen) fds[n++] = {errPipe[0], POLLIN, 0};
        int rc = poll(fds, static_cast<nfds_t>(n), waitMs);
        if (rc < 0 && errno != EINTR) break;
        if (rc == 0 && r.killedForTime) break; // killed, and nothing more comes
        for (int i = 0; i < n; ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t got = read(fds[i].fd, buf, sizeof buf);
            bool isOut = fds[i].fd == outPipe[0];
            if (got <= 0) {
                (isOut ? outOpen : errOpen) = false;
                continue;
            }
            auto g = static_cast<std::size_t>(got);
            if (isOut) {
                r.stdoutBytes += g;
                if (r.out.size() < limits.keepStdoutBytes)
                    r.out.append(buf, std::min(g, limits.keepStdoutBytes - r.out.size()));
            } else if (r.err.size() < (1u << 20)) {
                r.err.append(buf, g);
            }
        }
    }
    close(outPipe[0]);
    close(errPipe[0]);
    int status = 0;
    struct rusage ru{};
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.maxRssKb = ru.ru_maxrss;
    if (WIFEXITED(status)) r.exitCode = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    return r;
}

} // namespace impact::testing
