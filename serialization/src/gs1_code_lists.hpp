// Membership tests for the code lists the GS1 syntax linters name (iso3166, iso3166alpha2,
// iso4217, packagetype). Private to the GS1 code.
#pragma once

#include <string_view>

namespace pharmatwin::serialization::gs1_detail {

bool is_iso3166_numeric(std::string_view code);  // "276" (Germany)
bool is_iso3166_alpha2(std::string_view code);   // "DE"
bool is_iso4217_numeric(std::string_view code);  // "978" (euro)
bool is_package_type(std::string_view code);     // "PX" (pallet)

}  // namespace pharmatwin::serialization::gs1_detail
