// GS1 Company Prefix length table (text or GS1's JSON): never crash nor throw; every prefix of
// a table that parses is found again with the length the input gave it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pharmatwin/serialization/gs1_company_prefix.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pharmatwin::serialization;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto table = CompanyPrefixTable::parse(input);
  if (!table) {
    if (table.error().position > input.size()) std::abort();
    return 0;
  }
  if (table->size() == 0) std::abort();
  // A 12-digit probe made of the input's digits: a match must be a prefix of it, length 0-12.
  std::string probe;
  for (const char c : input) {
    if (c >= '0' && c <= '9' && probe.size() < 13) probe += c;
  }
  if (const auto match = table->find(probe)) {
    if (!std::string_view(probe).starts_with(match->prefix)) std::abort();
    if (match->length < 0 || match->length > 12) std::abort();
    if (table.value().add(match->prefix, match->length)) std::abort();  // the same entry again
  }
  return 0;
}
