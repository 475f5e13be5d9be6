// The fake system under test as a program: reads the protocol on stdin, answers on stdout.
#include <unistd.h>

#include "fake_sut.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return pharmatwin::adapters::testing::run_fake_sut(
      STDIN_FILENO, STDOUT_FILENO, pharmatwin::adapters::testing::parse_fake_options(args));
}
