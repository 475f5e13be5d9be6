#include "cli_child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace pharmatwin::testing {

namespace {

std::string temp_path(const char* what) {
  std::string p = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") +
                  "/pharmatwin-cli-" + what + "-XXXXXX";
  const int fd = mkstemp(p.data());
  if (fd >= 0) close(fd);
  return p;
}

}  // namespace

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

CliResult run_cli(const std::vector<std::string>& args) { return run_cli_signalled(args, "", 0); }

CliResult run_cli_signalled(const std::vector<std::string>& args, const std::string& ready,
                            int signal, int delay_ms) {
  const std::string out_path = temp_path("out"), err_path = temp_path("err");
  std::vector<std::string> argv_s = {PHARMATWIN_EXE};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  CliResult r;
  const pid_t pid = fork();
  if (pid == 0) {
    const int in = open("/dev/null", O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_TRUNC);
    const int err = open(err_path.c_str(), O_WRONLY | O_TRUNC);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  if (signal != 0) {
    bool exited = false;
    for (int waited_ms = 0; waited_ms < 60000; waited_ms += 20) {
      if (waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
      if (read_file(err_path).find(ready) != std::string::npos) {
        usleep(static_cast<useconds_t>(delay_ms) * 1000);
        kill(pid, signal);
        break;
      }
      usleep(20000);
    }
    if (!exited) waitpid(pid, &status, 0);
  } else {
    waitpid(pid, &status, 0);
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  return r;
}

void ScratchDirTest::SetUp() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  dir_ = std::filesystem::temp_directory_path() /
         ("pharmatwin-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" +
          std::to_string(::getpid()));
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
}

void ScratchDirTest::TearDown() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string ScratchDirTest::file(const std::string& name, const std::string& text) const {
  const auto path = dir_ / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

}  // namespace pharmatwin::testing
