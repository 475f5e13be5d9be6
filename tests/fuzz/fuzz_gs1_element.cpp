// Scan-data / element-string parser (every symbology identifier, both FNC1 forms, the (AI)
// form, EAN/UPC composites, Digital Link in plain symbologies): never crash; AI data that
// parses must survive an encode/parse round trip in both the barcode and the bracketed form.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pharmatwin/serialization/gs1_element_string.hpp"
#include "pharmatwin/serialization/gs1_scan_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pharmatwin::serialization;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const Gs1ParseOptions options{2026};
  auto scan = parse_scan_data(input, options);
  if (!scan) {
    (void)scan.error().to_string();
    return 0;
  }
  if (scan->kind == ScanKind::kPlain) return 0;
  const auto& parsed = scan->elements;
  auto again = parse_element_string(to_barcode_data(parsed), options);
  if (!again || again->elements != parsed.elements) std::abort();
  auto hri = parse_element_string(to_human_readable(parsed), options);
  if (!hri || hri->elements != parsed.elements) std::abort();
  return 0;
}
