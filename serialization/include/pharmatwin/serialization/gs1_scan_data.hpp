// What a barcode scanner reports, read the way GS1 defines it: the symbology identifier says
// whether the data is GS1 AI data (]C1 ]e0 ]d2 ]Q3 ]J1, EAN/UPC ]E0 ]E4 with an optional
// '|'-separated composite component, ITF-14 ]I1) or plain data (]Q1 ]d1 ...), and plain data
// that is a GS1 Digital Link URI is read as one. Without an identifier the data is taken as an
// element string, or as a Digital Link when it starts with http:// or https://.
//
//   auto scan = parse_scan_data("]Q1https://id.gs1.org/01/09506000134352/21/X1");
//   scan->kind == ScanKind::kDigitalLink; scan->elements.find("21") -> "X1"
#pragma once

#include <string>
#include <string_view>

#include "pharmatwin/serialization/digital_link.hpp"
#include "pharmatwin/serialization/gs1_element_string.hpp"
#include "pharmatwin/serialization/result.hpp"

namespace pharmatwin::serialization {

enum class ScanKind { kAiData, kDigitalLink, kPlain };

struct ScanData {
  std::string symbology;       // "]Q1", or empty
  std::string symbology_name;  // "QR Code (plain data)", or empty
  ScanKind kind = ScanKind::kAiData;
  Gs1ElementString elements;  // the AIs (AI data and Digital Link)
  DigitalLink link;           // kDigitalLink only
  std::string plain;          // kPlain: the data after the identifier
};

Result<ScanData> parse_scan_data(std::string_view input, const Gs1ParseOptions& options = {});

const char* scan_kind_name(ScanKind kind);  // "GS1 AI data", "GS1 Digital Link", "plain data"

}  // namespace pharmatwin::serialization
