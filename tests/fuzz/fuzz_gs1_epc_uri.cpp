// EPC URI parser: never crash; a parsed SGTIN/SSCC/SGLN/LGTIN must be re-made identically.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pharmatwin/serialization/epc_uri.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pharmatwin::serialization;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto epc = parse_epc_uri(input);
  if (!epc) return 0;
  const int cpl = epc->company_prefix_length;
  Result<std::string> remade = make_error("", 0, "");
  switch (epc->scheme) {
    case EpcScheme::kSgtin:
      remade = make_sgtin_uri(epc->key, epc->component, cpl);
      break;
    case EpcScheme::kLgtin:
      remade = make_lgtin_uri(epc->key, epc->component, cpl);
      break;
    case EpcScheme::kSscc:
      remade = make_sscc_uri(epc->key, cpl);
      break;
    case EpcScheme::kSgln:
      remade = make_sgln_uri(epc->key, epc->component, cpl);
      break;
    case EpcScheme::kPgln:
      remade = make_pgln_uri(epc->key, cpl);
      break;
  }
  if (!remade) std::abort();
  auto again = parse_epc_uri(remade.value());
  if (!again || again->key != epc->key || again->component != epc->component) std::abort();
  return 0;
}
