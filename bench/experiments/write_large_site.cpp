// Writes the large site of the end-to-end benchmark to stdout:
//   write_large_site 50 > scenarios/sites/large-site.textproto
#include <cstdlib>
#include <iostream>

#include "large_site.hpp"

int main(int argc, char** argv) {
  const int zones = argc > 1 ? std::atoi(argv[1]) : 50;
  if (zones < 1 || zones > 99) {
    std::cerr << "usage: write_large_site [ZONES 1..99]\n";
    return 2;
  }
  std::cout << pharmatwin::bench::large_site_textproto(zones);
  return 0;
}
