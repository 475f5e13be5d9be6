// Starting and reaping a system-under-test program, and reaching one over TCP.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::adapters {

// Splits a command line into words: blanks separate, '...' and "..." quote, backslash escapes
// one character (outside single quotes). Error text in `error` on an unclosed quote.
std::vector<std::string> split_command_line(std::string_view line, std::string* error = nullptr);

// A running child with its stdin and stdout connected to pipes. SIGPIPE is ignored in this
// process (writes to a dead child fail with EPIPE instead) and reset to default in the child.
class ChildProcess {
 public:
  // Starts argv[0] (searched in PATH when it has no '/'). Throws SutError(kStartFailed).
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();  // kills (SIGKILL) and reaps the child if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // The parent's ends of the pipes; the caller takes ownership (FrameChannel).
  int take_stdin_fd();
  int take_stdout_fd();

  // Waits up to `timeout` for the child to exit; true when it did. Then status_text() says how.
  bool wait_exit(std::chrono::milliseconds timeout);
  // SIGKILL and reap.
  void kill_now();
  bool exited() const { return exited_; }
  bool exited_cleanly() const;  // exit status 0
  // "exit status 3", "signal 11 (Segmentation fault)", or "still running".
  std::string status_text() const;

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  bool exited_ = false;
  int status_ = 0;
};

// Connects to host:port (TCP, TCP_NODELAY). Throws SutError(kStartFailed).
int connect_tcp(const std::string& host_port, std::chrono::milliseconds timeout);

// Ignores SIGPIPE in this process (idempotent).
void ignore_sigpipe();

}  // namespace pharmatwin::adapters
