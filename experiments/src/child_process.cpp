#include "pharmatwin/experiments/child_process.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace pharmatwin::experiments {

void exec_with_log(char* const argv[], const char* log_path) {
  const int in = ::open("/dev/null", O_RDONLY);
  if (in >= 0) dup2(in, 0);
  const int out = ::open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out >= 0) {
    dup2(out, 1);
    dup2(out, 2);
  }
  execv(argv[0], argv);
  const char msg[] = "exec failed\n";
  [[maybe_unused]] auto n = write(2, msg, sizeof msg - 1);
  _exit(127);
}

}  // namespace pharmatwin::experiments
