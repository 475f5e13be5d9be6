#include <cstdio>

#include "pharmatwin/scenarios/units.hpp"
#include "pharmatwin/sim/operations_ids.hpp"

namespace pharmatwin::sim {
namespace {

bool all_digits(std::string_view text) {
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return !text.empty();
}

std::uint64_t pow10(unsigned n) {
  std::uint64_t value = 1;
  while (n-- > 0) value *= 10;
  return value;
}

std::string zero_padded(std::uint64_t value, unsigned width) {
  std::string text(width, '0');
  for (unsigned i = width; i-- > 0 && value > 0; value /= 10) text[i] = char('0' + value % 10);
  return text;
}

// Multiplier of the serial bijection: odd and not a multiple of 5, hence invertible mod 10^12.
constexpr std::uint64_t kMultiplier = 613'651'349'777ULL;

std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, std::uint64_t m) {
  return static_cast<std::uint64_t>(static_cast<unsigned __int128>(a) * b % m);
}

// Modular inverse by the extended Euclidean algorithm.
std::uint64_t inverse_mod(std::uint64_t a, std::uint64_t m) {
  __int128 t = 0, new_t = 1, r = m, new_r = a;
  while (new_r != 0) {
    __int128 q = r / new_r;
    __int128 tmp = t - q * new_t;
    t = new_t;
    new_t = tmp;
    tmp = r - q * new_r;
    r = new_r;
    new_r = tmp;
  }
  if (t < 0) t += m;
  return static_cast<std::uint64_t>(t);
}

}  // namespace

std::string make_sscc(unsigned extension_digit, std::string_view company_prefix,
                      std::uint64_t serial_reference) {
  if (!all_digits(company_prefix) || company_prefix.size() < 6 || company_prefix.size() > 12)
    return "";
  unsigned room = 16 - static_cast<unsigned>(company_prefix.size());
  std::string body;
  body.reserve(18);
  body.push_back(char('0' + extension_digit % 10));
  body.append(company_prefix);
  body.append(zero_padded(serial_reference % pow10(room), room));
  body.push_back(scenarios::gs1_check_digit(body));
  return body;
}

std::uint64_t sscc_to_int(std::string_view sscc) {
  std::uint64_t value = 0;
  for (char c : sscc) value = value * 10 + std::uint64_t(c - '0');
  return value;
}

std::string sscc_from_int(std::uint64_t sscc) { return zero_padded(sscc, 18); }

std::string make_gln(std::string_view company_prefix, std::uint64_t location_reference) {
  if (!all_digits(company_prefix) || company_prefix.size() > 12) return "";
  unsigned room = 12 - static_cast<unsigned>(company_prefix.size());
  std::string body(company_prefix);
  body.append(zero_padded(location_reference % pow10(room), room));
  body.push_back(scenarios::gs1_check_digit(body));
  return body;
}

std::uint64_t SerialSpace::serial(std::uint64_t counter) const {
  return (mul_mod(counter % kModulus, kMultiplier, kModulus) + offset_) % kModulus;
}

std::uint64_t SerialSpace::counter(std::uint64_t serial) const {
  static const std::uint64_t inverse = inverse_mod(kMultiplier, kModulus);
  return mul_mod((serial + kModulus - offset_) % kModulus, inverse, kModulus);
}

std::string SerialSpace::format(std::uint64_t serial) { return zero_padded(serial, 12); }

std::string pack_key(std::string_view gtin, std::uint64_t serial) {
  std::string key(gtin);
  key.push_back('/');
  key.append(SerialSpace::format(serial));
  return key;
}

}  // namespace pharmatwin::sim
