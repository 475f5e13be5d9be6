// Symbology identifiers ("]d2", "]Q1", ...) that lead scanned data (ISO/IEC 15424), and what
// GS1 says each one carries: GS1 AI data, an EAN/UPC or ITF-14 GTIN, or plain data (which may
// be a GS1 Digital Link URI).
//
//   const auto s = gs1_symbology("]E0");  // s->content == SymbologyContent::kGtin13
#pragma once

#include <optional>
#include <string_view>

namespace pharmatwin::serialization {

enum class SymbologyContent {
  kAiData,  // ]C1 GS1-128, ]e0 GS1 DataBar / composite, ]d2 GS1 DataMatrix, ]Q3 GS1 QR, ]J1 DotCode
  kGtin13,  // ]E0 EAN-13, UPC-A, UPC-E (as 13 digits)
  kGtin8,   // ]E4 EAN-8
  kGtin14,  // ]I1 ITF-14
  kPlain,   // ]d1 DataMatrix, ]Q1 QR, ]J0 DotCode, ]C0 Code 128, ... (no AI data)
};

struct Gs1Symbology {
  std::string_view id;    // "]d2"
  std::string_view name;  // "GS1 DataMatrix"
  SymbologyContent content;
};

// The symbology of a three-character identifier; nullopt when it is not one. Unlisted but
// well-formed identifiers ("]A0") are plain data.
std::optional<Gs1Symbology> gs1_symbology(std::string_view id);

}  // namespace pharmatwin::serialization
