// Digital Link parser: never crash; a parsed link's canonical form must parse to the same data.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pharmatwin/serialization/digital_link.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pharmatwin::serialization;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const Gs1ParseOptions options{2026};
  auto link = parse_digital_link(input, options);
  if (!link) return 0;
  const std::string canonical = canonical_digital_link(link.value());
  auto again = parse_digital_link(canonical, options);
  if (!again) std::abort();
  if (canonical_digital_link(again.value()) != canonical) std::abort();
  return 0;
}
