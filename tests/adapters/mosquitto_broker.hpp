// A mosquitto broker of its own for a test, on a free loopback port, stopped (and its directory
// removed) at the end; skipped by the caller when no mosquitto binary is installed.
//
//   Broker broker;
//   if (!broker.start()) GTEST_SKIP() << "mosquitto broker not available";
//   options.broker = broker.endpoint();
//   broker.kill();  // the broker goes away mid-test
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "pharmatwin/adapters/sut_error.hpp"
#include "pharmatwin/adapters/sut_process.hpp"

extern char** environ;

namespace pharmatwin::adapters::testing {

using namespace std::chrono_literals;

inline std::string find_mosquitto() {
  for (const char* p : {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return {};
}

inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// A broker of its own for each test, stopped at the end. `listener_conf` adds lines to its
// listener (authentication, TLS); the broker's directory is dir() (files for those lines).
class Broker {
 public:
  Broker() {
    port_ = free_port();
    dir_ = std::filesystem::temp_directory_path() /
           ("pharmatwin-mqtt-" + std::to_string(::getpid()) + "-" + std::to_string(port_));
    std::filesystem::create_directories(dir_);
  }
  const std::filesystem::path& dir() const { return dir_; }
  bool start(const std::string& listener_conf = "allow_anonymous true\n") {
    const std::string binary = find_mosquitto();
    if (binary.empty()) return false;
    const auto conf = dir_ / "mosquitto.conf";
    std::ofstream(conf) << "per_listener_settings true\nlistener " << port_ << " 127.0.0.1\n"
                        << listener_conf << "persistence false\nmax_queued_messages 0\n";
    std::vector<std::string> args{binary, "-c", conf.string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (dir_ / "log").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int rc = ::posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return false;
    for (int i = 0; i < 100; ++i) {  // up to 5 s for the listener
      try {
        ::close(connect_tcp(endpoint(), 100ms));
        return true;
      } catch (const SutError&) {
        std::this_thread::sleep_for(50ms);
      }
    }
    return false;
  }
  // The broker goes away as if its machine had died.
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  ~Broker() {
    kill();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::filesystem::path dir_;
};

}  // namespace pharmatwin::adapters::testing
