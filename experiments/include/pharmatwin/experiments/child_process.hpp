// The child's half of starting a pharmatwin run as a process: stdin from /dev/null, stdout and
// stderr into a log file, then exec. Only async-signal-safe calls, so it may run between fork
// and exec of a multi-threaded parent.
//
//   const pid_t pid = fork();
//   if (pid == 0) exec_with_log(argv.data(), log.c_str());  // never returns
#pragma once

namespace pharmatwin::experiments {

// Does not return: exec's the program, or writes "exec failed" to the log and _exit(127).
[[noreturn]] void exec_with_log(char* const argv[], const char* log_path);

}  // namespace pharmatwin::experiments
