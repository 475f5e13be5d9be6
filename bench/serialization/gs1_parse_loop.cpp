// Parses one GS1 input N times and prints how many parsed: a fixed amount of work for counting
// instructions under callgrind, which a loaded machine cannot skew as it skews timings. The
// difference between two counts, e.g. N = 11000 and N = 1000, divided by 10000 is the cost of
// one parse without the one-off load of the AI dictionary.
//
//   valgrind --tool=callgrind --callgrind-out-file=cg.out gs1_parse_loop 11000 digital-link
//   grep summary cg.out
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "pharmatwin/serialization/digital_link.hpp"
#include "pharmatwin/serialization/gs1_element_string.hpp"

int main(int argc, char** argv) {
  using namespace pharmatwin::serialization;
  if (argc != 3) {
    std::fprintf(stderr, "usage: gs1_parse_loop N element-string|digital-link\n");
    return 2;
  }
  const long n = std::atol(argv[1]);
  const std::string_view kind = argv[2];
  if (n < 0 || (kind != "element-string" && kind != "digital-link")) {
    std::fprintf(stderr, "gs1_parse_loop: expected N >= 0 and element-string or digital-link\n");
    return 2;
  }
  const Gs1ParseOptions options{2026};
  long parsed = 0;
  for (long i = 0; i < n; ++i) {
    parsed +=
        kind == "digital-link"
            ? parse_digital_link("https://id.gs1.org/01/09506000134352/10/9AB12/21/XYZ?17=271231",
                                 options)
                  .ok()
            : parse_element_string("]d2010950600013435217271231109AB12^21XYZ123", options).ok();
  }
  std::printf("%ld\n", parsed);
  return parsed == n ? 0 : 1;
}
