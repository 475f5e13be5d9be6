#include "pharmatwin/serialization/gs1_scan_data.hpp"

#include "pharmatwin/serialization/gs1_symbology.hpp"

namespace pharmatwin::serialization {

namespace {

bool starts_with_http(std::string_view s) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  for (std::string_view scheme : {"https://", "http://"}) {
    if (s.size() < scheme.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < scheme.size() && same; ++i) same = lower(s[i]) == scheme[i];
    if (same) return true;
  }
  return false;
}

}  // namespace

const char* scan_kind_name(ScanKind kind) {
  switch (kind) {
    case ScanKind::kAiData:
      return "GS1 AI data";
    case ScanKind::kDigitalLink:
      return "GS1 Digital Link";
    case ScanKind::kPlain:
      return "plain data";
  }
  return "?";
}

Result<ScanData> parse_scan_data(std::string_view input, const Gs1ParseOptions& options) {
  ScanData out;
  std::size_t start = 0;
  bool plain = false;
  if (!input.empty() && input[0] == ']') {
    const auto symbology = gs1_symbology(input.substr(0, 3));
    if (!symbology) {
      return make_error(
          "symbology identifier", 0,
          "\"" + std::string(input.substr(0, 3)) + "\" is not a symbology identifier");
    }
    out.symbology = std::string(symbology->id);
    out.symbology_name = std::string(symbology->name);
    plain = symbology->content == SymbologyContent::kPlain;
    start = 3;
  }
  const std::string_view data = input.substr(start);
  if (starts_with_http(data) && (plain || start == 0)) {
    auto link = parse_digital_link(data, options);
    if (link) {
      out.kind = ScanKind::kDigitalLink;
      out.elements = link->elements;
      out.elements.symbology = out.symbology;
      out.link = std::move(link).value();
      return out;
    }
    // A web address without a GS1 key is plain data; a broken Digital Link is an error.
    if (!link.error().rule.starts_with("path has no GS1 primary key")) {
      Error e = link.error();
      e.position += start;
      return e;
    }
    if (!plain && start == 0) return link.error();
    plain = true;
  }
  if (plain) {
    out.kind = ScanKind::kPlain;
    out.plain = std::string(data);
    return out;
  }
  auto elements = parse_element_string(input, options);
  if (!elements) return elements.error();
  out.kind = ScanKind::kAiData;
  out.elements = std::move(elements).value();
  return out;
}

}  // namespace pharmatwin::serialization
