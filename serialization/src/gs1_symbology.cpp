#include "pharmatwin/serialization/gs1_symbology.hpp"

#include <array>

namespace pharmatwin::serialization {

namespace {

using C = SymbologyContent;

// GS1 General Specifications, symbology identifiers of GS1 data carriers.
constexpr std::array kKnown{
    Gs1Symbology{"]C1", "GS1-128", C::kAiData},
    Gs1Symbology{"]e0", "GS1 DataBar / GS1 Composite", C::kAiData},
    Gs1Symbology{"]d2", "GS1 DataMatrix", C::kAiData},
    Gs1Symbology{"]Q3", "GS1 QR Code", C::kAiData},
    Gs1Symbology{"]J1", "GS1 DotCode", C::kAiData},
    Gs1Symbology{"]E0", "EAN-13 / UPC-A / UPC-E", C::kGtin13},
    Gs1Symbology{"]E4", "EAN-8", C::kGtin8},
    Gs1Symbology{"]I1", "ITF-14", C::kGtin14},
    Gs1Symbology{"]d1", "Data Matrix (plain data)", C::kPlain},
    Gs1Symbology{"]Q1", "QR Code (plain data)", C::kPlain},
    Gs1Symbology{"]J0", "DotCode (plain data)", C::kPlain},
    Gs1Symbology{"]C0", "Code 128 (plain data)", C::kPlain},
};

}  // namespace

std::optional<Gs1Symbology> gs1_symbology(std::string_view id) {
  if (id.size() != 3 || id[0] != ']') return std::nullopt;
  for (const auto& s : kKnown) {
    if (s.id == id) return s;
  }
  const char letter = id[1], modifier = id[2];
  const bool well_formed =
      ((letter >= 'A' && letter <= 'Z') || (letter >= 'a' && letter <= 'z')) &&
      ((modifier >= '0' && modifier <= '9') || (modifier >= 'A' && modifier <= 'Z'));
  if (!well_formed) return std::nullopt;
  return Gs1Symbology{id, "plain data", C::kPlain};
}

}  // namespace pharmatwin::serialization
