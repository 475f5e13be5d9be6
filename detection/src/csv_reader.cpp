#include "pharmatwin/detection/csv_reader.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace pharmatwin::detection {

namespace {

constexpr int kFields = 6;
constexpr const char* kFieldNames[kFields] = {"timestamp", "site", "zone",
                                              "sensor",    "kind", "value"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Splits into at most kFields fields; returns the number of fields found (kFields + 1 when
// there are more), or -1 on a malformed quote.
int split(std::string_view line, std::array<std::string_view, kFields>& fields,
          std::string& scratch) {
  scratch.clear();
  scratch.reserve(line.size());
  // First pass: find whether any quotes are present; most files have none.
  if (line.find('"') == std::string_view::npos) {
    int n = 0;
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = line.find(',', start);
      const std::string_view field = line.substr(
          start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (n == kFields) return kFields + 1;
      fields[static_cast<std::size_t>(n++)] = trim(field);
      if (comma == std::string_view::npos) return n;
      start = comma + 1;
    }
  }
  // Quoted fields are unescaped into `scratch` (reserved above, so views stay valid).
  int n = 0;
  std::size_t i = 0;
  while (true) {
    if (n == kFields) return kFields + 1;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < line.size() && line[i] == '"') {
      ++i;
      const std::size_t begin = scratch.size();
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            scratch.push_back('"');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        scratch.push_back(line[i++]);
      }
      if (!closed) return -1;
      fields[static_cast<std::size_t>(n++)] =
          std::string_view(scratch).substr(begin, scratch.size() - begin);
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      if (i == line.size()) return n;
      if (line[i] != ',') return -1;
      ++i;
    } else {
      const std::size_t comma = line.find(',', i);
      const std::string_view field =
          line.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i);
      if (field.find('"') != std::string_view::npos) return -1;
      fields[static_cast<std::size_t>(n++)] = trim(field);
      if (comma == std::string_view::npos) return n;
      i = comma + 1;
    }
  }
}

bool equals_lower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

bool parse_kind(std::string_view text, CsvRow& row) {
  struct Name {
    std::string_view name;
    RowKind kind;
    bool placement_named;
    Placement placement;
  };
  static constexpr Name kNames[] = {
      {"temperature", RowKind::kTemperature, false, Placement::kAir},
      {"temp", RowKind::kTemperature, false, Placement::kAir},
      {"air", RowKind::kTemperature, true, Placement::kAir},
      {"product", RowKind::kTemperature, true, Placement::kProduct},
      {"product_simulant", RowKind::kTemperature, true, Placement::kProduct},
      {"product-simulant", RowKind::kTemperature, true, Placement::kProduct},
      {"humidity", RowKind::kHumidity, false, Placement::kAir},
      {"rh", RowKind::kHumidity, false, Placement::kAir},
      {"hvac", RowKind::kHvac, false, Placement::kAir},
      {"door", RowKind::kDoor, false, Placement::kAir},
      {"power", RowKind::kPower, false, Placement::kAir}};
  for (const auto& n : kNames) {
    if (equals_lower(text, n.name)) {
      row.kind = n.kind;
      row.placement_named = n.placement_named;
      row.placement = n.placement;
      return true;
    }
  }
  return false;
}

bool parse_state(std::string_view text, double& out) {
  for (std::string_view on : {"1", "on", "open", "true"}) {
    if (equals_lower(text, on)) {
      out = 1.0;
      return true;
    }
  }
  for (std::string_view off : {"0", "off", "closed", "false"}) {
    if (equals_lower(text, off)) {
      out = 0.0;
      return true;
    }
  }
  return false;
}

std::string quoted(std::string_view text) {
  std::string out = "'";
  out.append(text.substr(0, 40));
  if (text.size() > 40) out += "...";
  out += "'";
  return out;
}

}  // namespace

bool read_bounded_line(std::istream& in, std::string& line, std::size_t max_bytes, bool first,
                       bool& too_long) {
  line.clear();
  too_long = false;
  std::streambuf* buf = in.rdbuf();
  if (!buf || !in.good()) return false;
  bool any = false;
  for (;;) {
    const int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      break;
    }
    any = true;
    if (c == '\n') break;
    if (line.size() < max_bytes)
      line.push_back(static_cast<char>(c));
    else
      too_long = true;
  }
  if (first && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
  return any;
}

bool is_telemetry(RowKind kind) {
  return kind == RowKind::kHvac || kind == RowKind::kDoor || kind == RowKind::kPower;
}

std::string_view to_string(RowKind kind) {
  static constexpr std::string_view kNames[] = {"temperature", "humidity", "hvac", "door", "power"};
  return kNames[static_cast<int>(kind)];
}

LineStatus parse_csv_line(std::string_view line, bool first_line, CsvRow& row, CsvRowError& error,
                          std::string& scratch) {
  const std::string_view content = trim(line);
  if (content.empty() || content.front() == '#') return LineStatus::kSkip;
  if (first_line && content.size() >= 9 && equals_lower(content.substr(0, 9), "timestamp")) {
    return LineStatus::kSkip;
  }
  // A NUL would cut names in the output and in anything keyed by them.
  if (const auto nul = line.find('\0'); nul != std::string_view::npos) {
    error = {"", "contains a NUL byte at column " + std::to_string(nul + 1)};
    return LineStatus::kError;
  }
  std::array<std::string_view, kFields> fields;
  const int n = split(line, fields, scratch);
  if (n < 0) {
    error = {"", "malformed quoted field"};
    return LineStatus::kError;
  }
  if (n != kFields) {
    error = {"", "expected 6 fields (timestamp,site,zone,sensor,kind,value), found " +
                     (n > kFields ? std::string("more") : std::to_string(n))};
    return LineStatus::kError;
  }
  const auto time = parse_iso8601_ms(fields[0]);
  if (!time) {
    error = {kFieldNames[0], "not an ISO-8601 UTC date-time: " + quoted(fields[0])};
    return LineStatus::kError;
  }
  row.time_ms = *time;
  for (int i = 1; i <= 2; ++i) {
    if (fields[static_cast<std::size_t>(i)].empty()) {
      error = {kFieldNames[i], "empty"};
      return LineStatus::kError;
    }
  }
  row.site = fields[1];
  row.zone = fields[2];
  row.sensor = fields[3];
  if (!parse_kind(fields[4], row)) {
    error = {kFieldNames[4], "unknown kind " + quoted(fields[4]) +
                                 " (temperature, air, product, product_simulant, humidity, hvac, "
                                 "door, power)"};
    return LineStatus::kError;
  }
  const std::string_view value = fields[5];
  if (is_telemetry(row.kind)) {
    if (!parse_state(value, row.value)) {
      error = {kFieldNames[5], "expected on/off, open/closed or 1/0, found " + quoted(value)};
      return LineStatus::kError;
    }
    return LineStatus::kRow;
  }
  if (row.sensor.empty()) {
    error = {kFieldNames[3], "empty"};
    return LineStatus::kError;
  }
  if (value.empty()) {
    row.value = std::numeric_limits<double>::quiet_NaN();
    return LineStatus::kRow;
  }
  double parsed = 0.0;
  const char* begin = value.data();
  const char* end = value.data() + value.size();
  if (*begin == '+') ++begin;
  const auto result = std::from_chars(begin, end, parsed);
  if (result.ec != std::errc() || result.ptr != end || !std::isfinite(parsed) ||
      std::fabs(parsed) > 1e6) {
    error = {kFieldNames[5], "not a number: " + quoted(value)};
    return LineStatus::kError;
  }
  row.value = parsed;
  return LineStatus::kRow;
}

}  // namespace pharmatwin::detection
