// Element-string parser: never crash; whatever parses must survive an encode/parse round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pharmatwin/serialization/gs1_element_string.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pharmatwin::serialization;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const Gs1ParseOptions options{2026};
  auto parsed = parse_element_string(input, options);
  if (!parsed) {
    (void)parsed.error().to_string();
    return 0;
  }
  auto again = parse_element_string(to_barcode_data(parsed.value()), options);
  if (!again || again->elements != parsed->elements) std::abort();
  // The bracketed form cannot show data holding "(": only round-trip it without.
  bool has_paren = false;
  for (const auto& e : parsed->elements) has_paren |= e.value.find('(') != std::string::npos;
  if (!has_paren) {
    auto hri = parse_element_string(to_human_readable(parsed.value()), options);
    if (!hri || hri->elements != parsed->elements) std::abort();
  }
  return 0;
}
