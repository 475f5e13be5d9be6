// GS1 identifiers the operations model hands out: SSCCs for cases and pallets, pack serials,
// GLNs of made-up custodians. Serials are kept as integers and formatted on demand.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pharmatwin::sim {

// SSCC-18 as text: extension digit + company prefix + serial reference, padded to 17 digits,
// then the GS1 mod-10 check digit. `serial_reference` is reduced modulo the room left by the
// prefix (16 - prefix length digits). Returns "" when the prefix is not 6..12 digits.
std::string make_sscc(unsigned extension_digit, std::string_view company_prefix,
                      std::uint64_t serial_reference);

// The SSCC as an integer (18 digits fit in 64 bits) and back.
std::uint64_t sscc_to_int(std::string_view sscc);
std::string sscc_from_int(std::uint64_t sscc);

// GLN-13: company prefix + location reference, padded to 12 digits, + check digit.
std::string make_gln(std::string_view company_prefix, std::uint64_t location_reference);

// Serials of one GTIN: counter n (0, 1, 2, ...) maps one-to-one onto a 12-digit number that
// looks random, so serials are unique per GTIN and not guessable from their neighbours.
// Counters below kGenuineCounterLimit are commissioned; the ones above are never commissioned
// and serve as plausible unknown serials.
class SerialSpace {
 public:
  static constexpr std::uint64_t kModulus = 1'000'000'000'000ULL;  // 12 digits
  static constexpr std::uint64_t kGenuineCounterLimit = kModulus / 2;

  explicit SerialSpace(std::uint64_t offset = 0) : offset_(offset % kModulus) {}
  std::uint64_t serial(std::uint64_t counter) const;
  std::uint64_t counter(std::uint64_t serial) const;  // inverse of serial()
  static std::string format(std::uint64_t serial);    // zero-padded to 12 digits

 private:
  std::uint64_t offset_;
};

// "<gtin14>/<serial>"
std::string pack_key(std::string_view gtin, std::uint64_t serial);

}  // namespace pharmatwin::sim
