#include "pharmatwin/detection/replay.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

namespace pharmatwin::detection {

namespace {

std::vector<std::string_view> split_simple(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    std::string_view field = line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!field.empty() && (field.front() == ' ' || field.front() == '\t'))
      field.remove_prefix(1);
    while (!field.empty() &&
           (field.back() == ' ' || field.back() == '\t' || field.back() == '\r')) {
      field.remove_suffix(1);
    }
    out.push_back(field);
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

bool to_double(std::string_view text, double& out) {
  if (text.empty()) return false;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size() && std::isfinite(out);
}

bool skippable(std::string_view line, bool first, std::string_view header_word) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
  if (i == line.size() || line[i] == '#') return true;
  return first && line.substr(i, header_word.size()) == header_word;
}

std::string located(const std::string& name, std::uint64_t line, const std::string& field,
                    const std::string& message) {
  std::ostringstream out;
  out << name << ":" << line << ": ";
  if (!field.empty()) out << field << ": ";
  out << message;
  return out.str();
}

}  // namespace

Replay::Replay(Engine& engine, std::string storage_class, ReplayOptions options)
    : engine_(engine), storage_class_(std::move(storage_class)), options_(std::move(options)) {}

std::string Replay::key(std::string_view a, std::string_view b, std::string_view c) const {
  std::string k;
  k.reserve(a.size() + b.size() + c.size() + 2);
  k.append(a).push_back('\x1f');
  k.append(b).push_back('\x1f');
  k.append(c);
  return k;
}

ZoneId Replay::zone_for(std::string_view site, std::string_view zone, bool& ok) {
  const std::string k = key(site, zone);
  auto it = zones_.find(k);
  if (it != zones_.end()) {
    ok = true;
    return it->second;
  }
  auto registered = engine_.add_zone({std::string(site), std::string(zone), storage_class_});
  ok = registered.ok();
  if (!ok) return kNoZone;
  zones_.emplace(k, registered.id);
  if (auto lots = lots_.find(k); lots != lots_.end())
    engine_.set_lots_in_zone(registered.id, lots->second);
  return registered.id;
}

bool Replay::load_sensor_list(std::istream& in, const std::string& name,
                              std::vector<std::string>& errors) {
  sensor_list_ = true;
  std::string line;
  std::uint64_t number = 0;
  bool ok = true;
  bool too_long = false;
  while (read_bounded_line(in, line, options_.max_line_bytes, number == 0, too_long)) {
    ++number;
    if (too_long) {
      errors.push_back(
          located(name, number, "",
                  "line longer than " + std::to_string(options_.max_line_bytes) + " bytes"));
      ok = false;
      continue;
    }
    if (skippable(line, number == 1, "site")) continue;
    const auto f = split_simple(line);
    if (f.size() < 4 || f.size() > 5) {
      errors.push_back(
          located(name, number, "", "expected site,zone,sensor,kind[,calibration_due]"));
      ok = false;
      continue;
    }
    if (f[0].empty() || f[1].empty() || f[2].empty()) {
      errors.push_back(located(name, number, "", "site, zone and sensor must not be empty"));
      ok = false;
      continue;
    }
    SensorKind kind = SensorKind::kTemperature;
    Placement placement = Placement::kAir;
    if (f[3] == "temperature" || f[3] == "temp") {
      kind = SensorKind::kTemperature;
    } else if (f[3] == "product") {  // product simulant probe: its readings are temperatures
      placement = Placement::kProduct;
    } else if (f[3] == "humidity" || f[3] == "rh") {
      kind = SensorKind::kHumidity;
    } else {
      errors.push_back(located(name, number, "kind", "expected temperature, product or humidity"));
      ok = false;
      continue;
    }
    TimeMs due = kNoTime;
    if (f.size() == 5 && !f[4].empty()) {
      auto t = parse_iso8601_ms(f[4]);
      if (!t) t = parse_iso8601_ms(std::string(f[4]) + "T00:00:00Z");
      if (!t) {
        errors.push_back(
            located(name, number, "calibration_due", "not a date or ISO-8601 UTC time"));
        ok = false;
        continue;
      }
      due = *t;
    }
    const std::string k = key(f[0], f[1], f[2]);
    if (sensors_.count(k)) {
      errors.push_back(located(name, number, "sensor", "listed twice"));
      ok = false;
      continue;
    }
    bool zone_ok = false;
    const ZoneId zone = zone_for(f[0], f[1], zone_ok);
    if (!zone_ok) {
      errors.push_back(located(name, number, "zone", "cannot register the zone"));
      return false;
    }
    auto sensor = engine_.add_sensor({std::string(f[2]), zone, kind, due, placement});
    if (!sensor.ok()) {
      errors.push_back(located(name, number, "sensor", sensor.error));
      ok = false;
      continue;
    }
    sensors_.emplace(k, sensor.id);
  }
  return ok;
}

bool Replay::load_lots(std::istream& in, const std::string& name,
                       std::vector<std::string>& errors) {
  std::string line;
  std::uint64_t number = 0;
  bool ok = true;
  bool too_long = false;
  while (read_bounded_line(in, line, options_.max_line_bytes, number == 0, too_long)) {
    ++number;
    if (too_long) {
      errors.push_back(
          located(name, number, "",
                  "line longer than " + std::to_string(options_.max_line_bytes) + " bytes"));
      ok = false;
      continue;
    }
    if (skippable(line, number == 1, "site")) continue;
    const auto f = split_simple(line);
    if (f.size() != 4 && f.size() != 6) {
      errors.push_back(located(name, number, "", "expected site,zone,lot,budget_h[,min_c,max_c]"));
      ok = false;
      continue;
    }
    Lot lot;
    lot.id = std::string(f[2]);
    double budget_h = 0.0;
    if (lot.id.empty() || !to_double(f[3], budget_h) || budget_h < 0.0 || budget_h > 1e6) {
      errors.push_back(located(name, number, lot.id.empty() ? "lot" : "budget_h",
                               lot.id.empty() ? "empty" : "expected hours >= 0"));
      ok = false;
      continue;
    }
    lot.budget_ms = static_cast<TimeMs>(std::llround(budget_h * kMsPerHour));
    if (f.size() == 6) {
      double lo = 0.0, hi = 0.0;
      if (!to_double(f[4], lo) || !to_double(f[5], hi) || !(lo < hi)) {
        errors.push_back(located(name, number, "min_c/max_c", "expected two numbers, min < max"));
        ok = false;
        continue;
      }
      lot.min_c = lo;
      lot.max_c = hi;
    }
    const std::string k = key(f[0], f[1]);
    lots_[k].push_back(std::move(lot));
    if (auto z = zones_.find(k); z != zones_.end()) engine_.set_lots_in_zone(z->second, lots_[k]);
  }
  return ok;
}

ReplayResult Replay::run(std::istream& in) {
  ReplayResult result;
  std::string line;
  std::string scratch;
  std::string lookup;
  CsvRow row;
  CsvRowError error;
  TimeMs latest = kNoTime;
  bool first = true;
  auto bad = [&](const std::string& field, const std::string& message) {
    ++result.bad_rows;
    if (result.errors.size() < options_.max_reported_errors) {
      result.errors.push_back(located(options_.source, result.lines, field, message));
    }
    if (options_.on_bad_row == BadRowPolicy::kReject) result.rejected = true;
  };
  bool too_long = false;
  // Lines are read bounded: a 200 MB line costs max_line_bytes of memory, not 200 MB.
  while (read_bounded_line(in, line, options_.max_line_bytes, first, too_long)) {
    ++result.lines;
    const bool was_first = first;
    first = false;
    if (too_long) {
      bad("", "line longer than " + std::to_string(options_.max_line_bytes) + " bytes");
      if (result.rejected) break;
      continue;
    }
    const LineStatus status = parse_csv_line(line, was_first, row, error, scratch);
    if (status == LineStatus::kSkip) continue;
    if (status == LineStatus::kError) {
      bad(error.field, error.message);
      if (result.rejected) break;
      continue;
    }
    if (latest != kNoTime && row.time_ms < latest - options_.max_backwards_ms) {
      bad("timestamp", "goes back " + std::to_string((latest - row.time_ms) / kMsPerMinute) +
                           " min, more than the tolerance of " +
                           std::to_string(options_.max_backwards_ms / kMsPerMinute) + " min");
      if (result.rejected) break;
      continue;
    }
    if (is_telemetry(row.kind)) {
      bool ok = false;
      ZoneId zone = kNoZone;
      if (sensor_list_) {
        auto z = zones_.find(key(row.site, row.zone));
        ok = z != zones_.end();
        if (ok) zone = z->second;
      } else {
        zone = zone_for(row.site, row.zone, ok);
      }
      if (!ok) {
        bad("zone", "unknown zone '" + std::string(row.zone) + "'");
        if (result.rejected) break;
        continue;
      }
      const TelemetryKind kind = row.kind == RowKind::kHvac   ? TelemetryKind::kHvacOn
                                 : row.kind == RowKind::kDoor ? TelemetryKind::kDoorOpen
                                                              : TelemetryKind::kPowerOn;
      engine_.ingest_telemetry(zone, row.time_ms, kind, row.value != 0.0);
      ++result.telemetry;
    } else {
      lookup = key(row.site, row.zone, row.sensor);
      const SensorKind kind =
          row.kind == RowKind::kHumidity ? SensorKind::kHumidity : SensorKind::kTemperature;
      SensorId id;
      auto it = sensors_.find(lookup);
      if (it != sensors_.end()) {
        id = it->second;
        if (engine_.sensor(id).kind != kind) {
          bad("kind", "sensor '" + std::string(row.sensor) + "' was " +
                          (kind == SensorKind::kHumidity ? "temperature" : "humidity") + " before");
          if (result.rejected) break;
          continue;
        }
        if (row.placement_named && engine_.sensor(id).placement != row.placement) {
          bad("kind", "sensor '" + std::string(row.sensor) + "' was " +
                          (row.placement == Placement::kProduct ? "an air" : "a product") +
                          " probe before");
          if (result.rejected) break;
          continue;
        }
      } else if (sensor_list_) {
        bad("sensor", "unknown sensor '" + std::string(row.sensor) + "' (not in the sensor list)");
        if (result.rejected) break;
        continue;
      } else {
        bool ok = false;
        const ZoneId zone = zone_for(row.site, row.zone, ok);
        auto registered =
            ok ? engine_.add_sensor({std::string(row.sensor), zone, kind, kNoTime, row.placement})
               : Registered<SensorId>{0, "cannot register the zone"};
        if (!registered.ok()) {
          bad("sensor", registered.error);
          if (result.rejected) break;
          continue;
        }
        id = registered.id;
        sensors_.emplace(lookup, id);
      }
      engine_.ingest(id, row.time_ms, row.value);
      ++result.readings;
    }
    if (latest == kNoTime || row.time_ms > latest) latest = row.time_ms;
  }
  result.last_time_ms = latest;
  return result;
}

}  // namespace pharmatwin::detection
