// EPC pure-identity URIs of the GS1 EPC Tag Data Standard (TDS section 6) and their GS1 keys:
//   urn:epc:id:sgtin:0614141.812345.6789      <-> (01) 80614141123458 (21) 6789
//   urn:epc:id:sscc:0614141.1234567890        <-> (00) 106141412345678908
//   urn:epc:id:sgln:0614141.12345.400         <-> (414) 0614141123452 (254) 400
//   urn:epc:id:pgln:0614141.12345             <-> (417) 0614141123452
//   urn:epc:class:lgtin:0614141.812345.ABC    <-> (01) 80614141123458 (10) ABC
// The URI puts the GS1 company prefix first, so making one needs the prefix length (6-12).
#pragma once

#include <string>
#include <string_view>

#include "pharmatwin/serialization/result.hpp"

namespace pharmatwin::serialization {

enum class EpcScheme { kSgtin, kSscc, kSgln, kPgln, kLgtin };

struct EpcIdentity {
  EpcScheme scheme = EpcScheme::kSgtin;
  std::string key;        // GTIN-14, SSCC-18 or GLN-13 with its check digit
  std::string component;  // serial (sgtin), extension (sgln, "0" = none), lot (lgtin), else ""
  int company_prefix_length = 0;
};

// Parses any of the five URIs above; the serial/extension/lot comes back unescaped.
Result<EpcIdentity> parse_epc_uri(std::string_view uri);

Result<std::string> make_sgtin_uri(std::string_view gtin, std::string_view serial,
                                   int company_prefix_length);
Result<std::string> make_sscc_uri(std::string_view sscc, int company_prefix_length);
// Extension "" or "0" both mean "no extension" and give ".0".
Result<std::string> make_sgln_uri(std::string_view gln, std::string_view extension,
                                  int company_prefix_length);
Result<std::string> make_pgln_uri(std::string_view gln, int company_prefix_length);
Result<std::string> make_lgtin_uri(std::string_view gtin, std::string_view lot,
                                   int company_prefix_length);

// TDS escaping of serials, extensions and lots: " % & / < > ? become %22 %25 %26 %2F %3C %3E
// %3F; every other character of GS1 set 82 stays as it is.
std::string epc_escape(std::string_view value);
// Reverses it; the result must be 1-20 characters of set 82 (positions relative to `value`).
Result<std::string> epc_unescape(std::string_view value);

const char* scheme_name(EpcScheme scheme);

}  // namespace pharmatwin::serialization
