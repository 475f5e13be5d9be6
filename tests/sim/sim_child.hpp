// SimGrid initialises once per process: every test that runs a World does it in a forked child
// and sends its numbers back through a pipe.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <vector>

namespace pharmatwin::sim::testing {

// Runs `body` in a child process and returns true with its values when the child exits cleanly.
inline bool in_child(const std::function<std::vector<double>()>& body, std::vector<double>& out) {
  int fds[2];
  if (pipe(fds) != 0) return false;
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    close(fds[0]);
    const std::vector<double> values = body();
    const std::size_t n = values.size();
    bool ok = write(fds[1], &n, sizeof n) == static_cast<ssize_t>(sizeof n);
    const auto bytes = static_cast<ssize_t>(n * sizeof(double));
    if (n > 0) ok = ok && write(fds[1], values.data(), bytes) == bytes;
    _exit(ok ? 0 : 3);
  }
  close(fds[1]);
  std::size_t n = 0;
  bool ok = read(fds[0], &n, sizeof n) == static_cast<ssize_t>(sizeof n);
  out.assign(ok ? n : 0, 0.0);
  std::size_t got = 0;
  while (ok && got < n * sizeof(double)) {
    const ssize_t r =
        read(fds[0], reinterpret_cast<char*>(out.data()) + got, n * sizeof(double) - got);
    if (r <= 0)
      ok = false;
    else
      got += static_cast<std::size_t>(r);
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace pharmatwin::sim::testing
