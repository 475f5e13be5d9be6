// The fake system under test as a program: reads the protocol on stdin and answers on stdout,
// or, with --listen HOST:PORT, on one TCP connection (port 0 picks a free port; the address is
// printed on stderr as "listening on HOST:PORT").
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>

#include "fake_sut.hpp"

namespace {

int serve_tcp(const pharmatwin::adapters::testing::FakeSutOptions& o) {
  const auto colon = o.listen.rfind(':');
  if (colon == std::string::npos) return 2;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(std::stoul(o.listen.substr(colon + 1))));
  if (::inet_pton(AF_INET, o.listen.substr(0, colon).c_str(), &addr.sin_addr) != 1) return 2;
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener, 1) != 0)
    return 1;
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  char host[INET_ADDRSTRLEN];
  ::inet_ntop(AF_INET, &addr.sin_addr, host, sizeof host);
  std::fprintf(stderr, "listening on %s:%d\n", host, ntohs(addr.sin_port));
  std::fflush(stderr);
  const int fd = ::accept(listener, nullptr, nullptr);
  ::close(listener);
  if (fd < 0) return 1;
  const int rc = pharmatwin::adapters::testing::run_fake_sut(fd, fd, o);
  ::close(fd);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const auto options = pharmatwin::adapters::testing::parse_fake_options(args);
  if (!options.listen.empty()) return serve_tcp(options);
  return pharmatwin::adapters::testing::run_fake_sut(STDIN_FILENO, STDOUT_FILENO, options);
}
