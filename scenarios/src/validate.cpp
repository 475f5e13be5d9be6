#include "validate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "pharmatwin/scenarios/units.hpp"
#include "suggest.hpp"

namespace pharmatwin::scenarios {

namespace {

using namespace scenario;

std::string fmt(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

template <typename Map>
std::vector<std::string> keys(const Map& map) {
  std::vector<std::string> out;
  for (const auto& [key, value] : map) out.push_back(key);
  return out;
}
std::vector<std::string> keys(const std::set<std::string>& set) { return {set.begin(), set.end()}; }

bool all_digits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

class Validator {
 public:
  Validator(const Scenario& scenario, std::filesystem::path base_dir)
      : s_(scenario), base_dir_(std::move(base_dir)) {}

  std::vector<Problem> run() {
    check_run();
    check_site();
    check_zones();
    check_products();
    check_stock();
    check_supply();
    check_inbound();
    check_pharmacies();
    check_staff();
    check_faults();
    check_recalls();
    check_expectations();
    check_systems();
    check_strings(s_, "");
    return std::move(problems_);
  }

 private:
  void problem(const std::string& path, const std::string& message) {
    problems_.push_back({path, message});
  }

  static std::string at(const std::string& parent, const std::string& field) {
    return parent.empty() ? field : parent + "." + field;
  }
  static std::string element(const std::string& field, const std::string& name, int index) {
    return field + "[" + (name.empty() ? std::to_string(index) : name) + "]";
  }

  // No string of a scenario may hold a NUL or another control character but tab and newline:
  // names travel into file names, topics, logs and reports, where they would cut or garble.
  void check_strings(const google::protobuf::Message& m, const std::string& path) {
    using google::protobuf::FieldDescriptor;
    const auto* d = m.GetDescriptor();
    const auto* r = m.GetReflection();
    auto check = [&](const std::string& where, const std::string& text) {
      for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n') {
          char code[8];
          std::snprintf(code, sizeof code, "0x%02x", c);
          problem(where, std::string("contains the control character ") + code +
                             (c == 0 ? " (NUL)" : "") + " at byte " + std::to_string(i) +
                             "; names and texts must be printable");
          return;
        }
      }
    };
    for (int f = 0; f < d->field_count(); ++f) {
      const FieldDescriptor* field = d->field(f);
      const std::string here = at(path, field->name());
      if (field->is_repeated()) {
        const int n = r->FieldSize(m, field);
        for (int i = 0; i < n; ++i) {
          if (field->type() == FieldDescriptor::TYPE_STRING) {
            check(here + "[" + std::to_string(i) + "]", r->GetRepeatedString(m, field, i));
          } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
            const auto& item = r->GetRepeatedMessage(m, field, i);
            const auto* name_field = item.GetDescriptor()->FindFieldByName("name");
            const std::string name = name_field &&
                                             name_field->type() == FieldDescriptor::TYPE_STRING &&
                                             !name_field->is_repeated()
                                         ? item.GetReflection()->GetString(item, name_field)
                                         : "";
            const bool printable = std::all_of(name.begin(), name.end(), [](char c) {
              return static_cast<unsigned char>(c) >= 0x20;
            });
            check_strings(item, at(path, element(field->name(), printable ? name : "", i)));
          }
        }
      } else if (field->type() == FieldDescriptor::TYPE_STRING) {
        if (r->HasField(m, field) || !r->GetString(m, field).empty())
          check(here, r->GetString(m, field));
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && r->HasField(m, field)) {
        check_strings(r->GetMessage(m, field), here);
      }
    }
  }

  // A duration that must be present; returns seconds or -1.
  double duration(const std::string& path, const std::string& text, bool positive = true) {
    std::string error;
    auto value = parse_duration_s(text, &error);
    if (!value) {
      problem(path, error);
      return -1;
    }
    if (positive && *value <= 0) {
      problem(path, "must be > 0");
      return -1;
    }
    return *value;
  }
  double optional_duration(const std::string& path, const std::string& text) {
    return text.empty() ? 0 : duration(path, text, false);
  }

  // An offset from the run start that must fall inside the horizon.
  double within_horizon(const std::string& path, const std::string& text) {
    const double offset = duration(path, text, false);
    if (offset >= 0 && horizon_s_ > 0 && offset >= horizon_s_) {
      problem(path, "'" + text + "' is outside the horizon of " + s_.run().horizon());
    }
    return offset;
  }

  void date(const std::string& path, const std::string& text) {
    std::string error;
    if (!parse_date_s(text, &error)) problem(path, error);
  }

  void gln(const std::string& path, const std::string& text, bool required) {
    if (text.empty()) {
      if (required) problem(path, "is required (13-digit GLN)");
      return;
    }
    if (text.size() != 13 || !all_digits(text)) {
      problem(path, "GLN '" + text + "' must be 13 digits");
    } else if (!gs1_check_digit_ok(text)) {
      problem(path, "GLN '" + text + "' has a bad check digit (expected " +
                        std::string(1, gs1_check_digit(std::string_view(text).substr(0, 12))) +
                        ")");
    }
  }

  void company_prefix(const std::string& path, const std::string& text) {
    if (text.empty()) return;
    if (!all_digits(text) || text.size() < 6 || text.size() > 12) {
      problem(path, "GS1 company prefix '" + text + "' must be 6 to 12 digits");
    }
  }

  void range(const std::string& path, StorageClass storage_class, const TemperatureRange& custom,
             bool has_custom) {
    if (storage_class == STORAGE_CLASS_UNSPECIFIED) {
      problem(at(path, "storage_class"),
              "is required (FROZEN, REFRIGERATED, COOL, CRT_15_25, CRT_20_25, CUSTOM)");
    } else if (storage_class == CUSTOM) {
      if (!has_custom) {
        problem(at(path, "custom_range"), "is required when storage_class is CUSTOM");
      } else if (!(custom.min_c() < custom.max_c())) {
        problem(at(path, "custom_range"), "empty or inverted range " + fmt(custom.min_c()) + ".." +
                                              fmt(custom.max_c()) + " °C (min_c must be < max_c)");
      }
    }
  }

  void duration_distribution(const std::string& path, const DurationDistribution& d) {
    switch (d.shape()) {
      case SHAPE_UNSPECIFIED:
        problem(at(path, "shape"),
                "is required (FIXED, EXPONENTIAL, UNIFORM, TRIANGULAR, LOGNORMAL, NORMAL)");
        return;
      case FIXED:
      case EXPONENTIAL:
        duration(at(path, "mean"), d.mean());
        return;
      case UNIFORM: {
        const double lo = duration(at(path, "min"), d.min(), false);
        const double hi = duration(at(path, "max"), d.max());
        if (lo >= 0 && hi >= 0 && lo > hi)
          problem(path, "min " + d.min() + " is above max " + d.max());
        return;
      }
      case TRIANGULAR: {
        const double lo = duration(at(path, "min"), d.min(), false);
        const double mode = duration(at(path, "mode"), d.mode(), false);
        const double hi = duration(at(path, "max"), d.max());
        if (lo >= 0 && mode >= 0 && hi >= 0 && !(lo <= mode && mode <= hi && lo < hi)) {
          problem(path, "needs min <= mode <= max with min < max");
        }
        return;
      }
      case LOGNORMAL:
      case NORMAL:
        duration(at(path, "mean"), d.mean());
        duration(at(path, "stddev"), d.stddev(), false);
        return;
      case POISSON:
      case GEOMETRIC:
        problem(at(path, "shape"), "POISSON and GEOMETRIC describe counts, not durations");
        return;
      default:
        problem(at(path, "shape"), "unknown shape");
    }
  }

  void count_distribution(const std::string& path, const CountDistribution& d) {
    switch (d.shape()) {
      case SHAPE_UNSPECIFIED:
        problem(at(path, "shape"),
                "is required (FIXED, POISSON, GEOMETRIC, UNIFORM, TRIANGULAR, ...)");
        return;
      case FIXED:
      case POISSON:
      case EXPONENTIAL:
        if (!(d.mean() > 0)) problem(at(path, "mean"), "must be > 0");
        return;
      case GEOMETRIC:
        if (!(d.mean() >= 1)) problem(at(path, "mean"), "must be >= 1 for GEOMETRIC");
        return;
      case UNIFORM:
        if (!(d.min() >= 0 && d.min() <= d.max() && d.max() > 0))
          problem(path, "needs 0 <= min <= max, max > 0");
        return;
      case TRIANGULAR:
        if (!(d.min() <= d.mode() && d.mode() <= d.max() && d.min() < d.max() && d.min() >= 0)) {
          problem(path, "needs 0 <= min <= mode <= max with min < max");
        }
        return;
      case LOGNORMAL:
      case NORMAL:
        if (!(d.mean() > 0)) problem(at(path, "mean"), "must be > 0");
        if (d.stddev() < 0) problem(at(path, "stddev"), "must be >= 0");
        return;
      default:
        problem(at(path, "shape"), "unknown shape");
    }
  }

  template <typename Element>
  void unique_names(const std::string& field,
                    const google::protobuf::RepeatedPtrField<Element>& items,
                    std::set<std::string>& names) {
    for (int i = 0; i < items.size(); ++i) {
      const std::string& name = items[i].name();
      if (name.empty()) {
        problem(element(field, "", i), "name is required");
      } else if (!names.insert(name).second) {
        problem(element(field, name, i), "duplicate name '" + name + "'");
      }
    }
  }

  void check_run() {
    if (!s_.has_run()) {
      problem("run", "is required (start, horizon, seed)");
      return;
    }
    std::string error;
    if (s_.run().start().empty()) {
      problem("run.start", "is required (RFC 3339 UTC, e.g. \"2026-01-05T00:00:00Z\")");
    } else if (!parse_utc_s(s_.run().start(), &error)) {
      problem("run.start", error);
    }
    if (s_.run().horizon().empty()) {
      problem("run.horizon", "is required (e.g. \"7d\")");
    } else {
      horizon_s_ = duration("run.horizon", s_.run().horizon());
    }
  }

  void check_site() {
    if (!s_.has_site()) {
      problem("site", "is required (name, gln, company_prefix)");
      return;
    }
    gln("site.gln", s_.site().gln(), true);
    if (s_.site().company_prefix().empty()) problem("site.company_prefix", "is required");
    company_prefix("site.company_prefix", s_.site().company_prefix());
    if (s_.site().gln().size() == 13 && !s_.site().company_prefix().empty() &&
        s_.site().gln().rfind(s_.site().company_prefix(), 0) != 0) {
      problem("site.gln", "GLN " + s_.site().gln() + " does not start with the company prefix " +
                              s_.site().company_prefix());
    }
    if (s_.site().has_ambient()) ambient("site.ambient", s_.site().ambient());
  }

  void ambient(const std::string& path, const Ambient& a) {
    std::string error;
    if (!a.daily_peak().empty() && !parse_time_of_day_s(a.daily_peak(), &error))
      problem(at(path, "daily_peak"), error);
    if (a.seasonal_peak_day() > 366)
      problem(at(path, "seasonal_peak_day"), "must be a day of the year, 1..366");
    if (a.daily_amplitude_c() < 0) problem(at(path, "daily_amplitude_c"), "must be >= 0");
    if (a.seasonal_amplitude_c() < 0) problem(at(path, "seasonal_amplitude_c"), "must be >= 0");
    if (!a.hourly_csv().empty() && !std::filesystem::exists(base_dir_ / a.hourly_csv())) {
      problem(at(path, "hourly_csv"),
              "file '" + a.hourly_csv() + "' not found (relative to the scenario file)");
    }
  }

  void check_zones() {
    if (s_.zones().empty()) problem("zones", "a site needs at least one zone");
    std::set<std::string> zone_names;
    unique_names("zones", s_.zones(), zone_names);
    for (int i = 0; i < s_.zones().size(); ++i) {
      const Zone& z = s_.zones(i);
      const std::string path = element("zones", z.name(), i);
      zones_[z.name()] = &z;
      range(path, z.storage_class(), z.custom_range(), z.has_custom_range());
      if (z.has_floor() && (z.floor().width_m() <= 0 || z.floor().depth_m() <= 0)) {
        problem(at(path, "floor"), "width_m and depth_m must be > 0");
      }
      if (!z.has_thermal()) {
        problem(at(path, "thermal"), "is required");
      } else {
        const Thermal& t = z.thermal();
        if (!(t.air_heat_capacity_kj_per_k() > 0))
          problem(at(path, "thermal.air_heat_capacity_kj_per_k"), "must be > 0");
        if (t.product_heat_capacity_kj_per_k() < 0)
          problem(at(path, "thermal.product_heat_capacity_kj_per_k"), "must be >= 0");
        if (!(t.ua_ambient_kw_per_k() > 0))
          problem(at(path, "thermal.ua_ambient_kw_per_k"), "must be > 0");
        if (t.ua_product_kw_per_k() < 0)
          problem(at(path, "thermal.ua_product_kw_per_k"), "must be >= 0");
        if (t.product_heat_capacity_kj_per_k() > 0 && !(t.ua_product_kw_per_k() > 0)) {
          problem(at(path, "thermal.ua_product_kw_per_k"),
                  "must be > 0 when the zone holds product mass");
        }
        if (t.internal_load_kw() < 0) problem(at(path, "thermal.internal_load_kw"), "must be >= 0");
      }
      if (!z.has_hvac()) {
        problem(at(path, "hvac"), "is required");
      } else {
        const Hvac& h = z.hvac();
        if (!(h.capacity_kw() > 0)) problem(at(path, "hvac.capacity_kw"), "must be > 0");
        if (!(h.hysteresis_c() > 0)) problem(at(path, "hvac.hysteresis_c"), "must be > 0");
        const auto r = effective_range(z.storage_class(), z.custom_range());
        if (z.storage_class() != STORAGE_CLASS_UNSPECIFIED && r.min_c() < r.max_c() &&
            (h.setpoint_c() - h.hysteresis_c() / 2 < r.min_c() ||
             h.setpoint_c() + h.hysteresis_c() / 2 > r.max_c())) {
          problem(at(path, "hvac.setpoint_c"), "band " + fmt(h.setpoint_c()) + " ± " +
                                                   fmt(h.hysteresis_c() / 2) +
                                                   " °C leaves the zone's range " + fmt(r.min_c()) +
                                                   ".." + fmt(r.max_c()) + " °C");
        }
      }
      std::set<std::string> door_names;
      unique_names(at(path, "doors"), z.doors(), door_names);
      for (int d = 0; d < z.doors().size(); ++d) {
        const Door& door = z.doors(d);
        const std::string door_path = element(at(path, "doors"), door.name(), d);
        if (!(door.width_m() > 0)) problem(at(door_path, "width_m"), "must be > 0");
        if (!(door.height_m() > 0)) problem(at(door_path, "height_m"), "must be > 0");
        if (door.has_curtain_effectiveness() &&
            (door.curtain_effectiveness() < 0 || door.curtain_effectiveness() > 1)) {
          problem(at(door_path, "curtain_effectiveness"), "must be within 0..1");
        }
        if (door.openings_per_hour() < 0)
          problem(at(door_path, "openings_per_hour"), "must be >= 0");
        if (door.openings_per_hour() > 0) duration(at(door_path, "open_time"), door.open_time());
      }
      if (z.has_ambient())
        ambient(at(path, "ambient"), z.ambient());
      else if (!s_.site().has_ambient())
        problem(at(path, "ambient"), "is required when the site gives no ambient");
      if (z.backup_power().generator())
        duration(at(path, "backup_power.start_delay"), z.backup_power().start_delay(), false);
      unique_names(at(path, "sensors"), z.sensors(), sensor_names_);
      for (int k = 0; k < z.sensors().size(); ++k) {
        const Sensor& sensor = z.sensors(k);
        const std::string sensor_path = element(at(path, "sensors"), sensor.name(), k);
        if (sensor.kind() == SENSOR_KIND_UNSPECIFIED)
          problem(at(sensor_path, "kind"), "is required (AIR or PRODUCT_SIMULANT)");
        if (sensor.sample_interval().empty()) {
          problem(at(sensor_path, "sample_interval"), "is required");
        } else {
          duration(at(sensor_path, "sample_interval"), sensor.sample_interval());
        }
        if (sensor.noise_sigma_c() < 0) problem(at(sensor_path, "noise_sigma_c"), "must be >= 0");
        if (!sensor.calibration_date().empty())
          date(at(sensor_path, "calibration_date"), sensor.calibration_date());
        if (!sensor.calibration_interval().empty())
          duration(at(sensor_path, "calibration_interval"), sensor.calibration_interval());
      }
    }
  }

  void check_products() {
    std::set<std::string> names;
    unique_names("products", s_.products(), names);
    for (int i = 0; i < s_.products().size(); ++i) {
      const Product& p = s_.products(i);
      const std::string path = element("products", p.name(), i);
      products_[p.name()] = &p;
      const std::string& gtin = p.gtin();
      if (gtin.empty()) {
        problem(at(path, "gtin"), "is required");
      } else if (!all_digits(gtin) || (gtin.size() != 8 && gtin.size() != 12 && gtin.size() != 13 &&
                                       gtin.size() != 14)) {
        problem(at(path, "gtin"), "GTIN '" + gtin + "' must be 8, 12, 13 or 14 digits");
      } else if (!gs1_check_digit_ok(gtin)) {
        problem(
            at(path, "gtin"),
            "GTIN '" + gtin + "' has a bad check digit (expected " +
                std::string(1, gs1_check_digit(std::string_view(gtin).substr(0, gtin.size() - 1))) +
                ")");
      }
      range(path, p.storage_class(), p.custom_range(), p.has_custom_range());
      if (p.stability_budget().empty())
        problem(at(path, "stability_budget"), "is required (e.g. \"72h\")");
      else
        duration(at(path, "stability_budget"), p.stability_budget(), false);
      if (p.units_per_case() == 0) problem(at(path, "units_per_case"), "must be > 0");
      if (p.cases_per_pallet() == 0) problem(at(path, "cases_per_pallet"), "must be > 0");
      if (p.unit_mass_kg() < 0) problem(at(path, "unit_mass_kg"), "must be >= 0");
    }
  }

  void product_ref(const std::string& path, const std::string& name) {
    if (name.empty())
      problem(path, "is required");
    else if (!products_.count(name))
      problem(path, "unknown product '" + name + "'" + suggestion(name, keys(products_)));
  }

  void zone_ref(const std::string& path, const std::string& name) {
    if (name.empty())
      problem(path, "is required");
    else if (!zones_.count(name))
      problem(path, "unknown zone '" + name + "'" + suggestion(name, keys(zones_)));
  }

  // A product stored in a zone whose range is not inside the product's range.
  void storage_fit(const std::string& path, const std::string& product, const std::string& zone) {
    auto p = products_.find(product);
    auto z = zones_.find(zone);
    if (p == products_.end() || z == zones_.end()) return;
    const auto pr = effective_range(p->second->storage_class(), p->second->custom_range());
    const auto zr = effective_range(z->second->storage_class(), z->second->custom_range());
    if (pr.min_c() < pr.max_c() && zr.min_c() < zr.max_c() &&
        (zr.min_c() < pr.min_c() || zr.max_c() > pr.max_c())) {
      problem(path, "product '" + product + "' (" + fmt(pr.min_c()) + ".." + fmt(pr.max_c()) +
                        " °C) cannot be stored in zone '" + zone + "' (" + fmt(zr.min_c()) + ".." +
                        fmt(zr.max_c()) + " °C)");
    }
  }

  void check_stock() {
    for (int i = 0; i < s_.stock().size(); ++i) {
      const Lot& lot = s_.stock(i);
      const std::string path = element("stock", "", i);
      product_ref(at(path, "product"), lot.product());
      if (lot.lot().empty()) problem(at(path, "lot"), "is required");
      if (lot.expiry().empty())
        problem(at(path, "expiry"), "is required");
      else
        date(at(path, "expiry"), lot.expiry());
      zone_ref(at(path, "zone"), lot.zone());
      if (lot.quantity() == 0) problem(at(path, "quantity"), "must be > 0");
      storage_fit(at(path, "zone"), lot.product(), lot.zone());
    }
  }

  void check_supply() {
    std::set<std::string> names;
    unique_names("suppliers", s_.suppliers(), names);
    for (int i = 0; i < s_.suppliers().size(); ++i) {
      const Supplier& supplier = s_.suppliers(i);
      const std::string path = element("suppliers", supplier.name(), i);
      gln(at(path, "gln"), supplier.gln(), true);
      company_prefix(at(path, "company_prefix"), supplier.company_prefix());
    }
    std::set<std::string> lane_names;
    unique_names("lanes", s_.lanes(), lane_names);
    for (int i = 0; i < s_.lanes().size(); ++i) {
      const Lane& lane = s_.lanes(i);
      const std::string path = element("lanes", lane.name(), i);
      lanes_.insert(lane.name());
      if (lane.supplier().empty())
        problem(at(path, "supplier"), "is required");
      else if (!names.count(lane.supplier()))
        problem(at(path, "supplier"), "unknown supplier '" + lane.supplier() + "'" +
                                          suggestion(lane.supplier(), keys(names)));
      if (!lane.has_transit_time())
        problem(at(path, "transit_time"), "is required");
      else
        duration_distribution(at(path, "transit_time"), lane.transit_time());
      if (lane.exposure_sigma_c() < 0) problem(at(path, "exposure_sigma_c"), "must be >= 0");
    }
  }

  void check_inbound() {
    std::set<std::string> names;
    unique_names("inbound", s_.inbound(), names);
    std::set<std::string> pharmacies;
    for (const auto& p : s_.pharmacies()) pharmacies.insert(p.name());
    for (int i = 0; i < s_.inbound().size(); ++i) {
      const InboundShipment& shipment = s_.inbound(i);
      const std::string path = element("inbound", shipment.name(), i);
      shipments_[shipment.name()] = &shipment;
      if (shipment.is_return()) {
        if (shipment.from_pharmacy().empty())
          problem(at(path, "from_pharmacy"), "is required for a return");
        else if (!pharmacies.count(shipment.from_pharmacy()))
          problem(at(path, "from_pharmacy"),
                  "unknown pharmacy '" + shipment.from_pharmacy() + "'" +
                      suggestion(shipment.from_pharmacy(), keys(pharmacies)));
      } else if (shipment.lane().empty()) {
        problem(at(path, "lane"), "is required");
      } else if (!lanes_.count(shipment.lane())) {
        problem(at(path, "lane"), "unknown lane '" + shipment.lane() + "'" +
                                      suggestion(shipment.lane(), keys(lanes_)));
      }
      if (shipment.departs().empty())
        problem(at(path, "departs"), "is required");
      else
        within_horizon(at(path, "departs"), shipment.departs());
      if (!shipment.repeat_every().empty())
        duration(at(path, "repeat_every"), shipment.repeat_every());
      if (shipment.repeat_count() > 0 && shipment.repeat_every().empty()) {
        problem(at(path, "repeat_every"), "is required when repeat_count is set");
      }
      if (!shipment.zone().empty()) zone_ref(at(path, "zone"), shipment.zone());
      if (shipment.lines().empty())
        problem(at(path, "lines"), "a shipment needs at least one line");
      for (int l = 0; l < shipment.lines().size(); ++l) {
        const ShipmentLine& line = shipment.lines(l);
        const std::string line_path = element(at(path, "lines"), "", l);
        product_ref(at(line_path, "product"), line.product());
        if (line.lot().empty()) problem(at(line_path, "lot"), "is required");
        if (line.expiry().empty())
          problem(at(line_path, "expiry"), "is required");
        else
          date(at(line_path, "expiry"), line.expiry());
        if (line.pallets() == 0 && line.cases() == 0)
          problem(line_path, "ships nothing: set pallets or cases");
        if (!shipment.zone().empty())
          storage_fit(at(path, "zone"), line.product(), shipment.zone());
      }
    }
  }

  void check_pharmacies() {
    std::set<std::string> names;
    unique_names("pharmacies", s_.pharmacies(), names);
    for (int i = 0; i < s_.pharmacies().size(); ++i) {
      const Pharmacy& pharmacy = s_.pharmacies(i);
      const std::string path = element("pharmacies", pharmacy.name(), i);
      gln(at(path, "gln"), pharmacy.gln(), true);
      if (!pharmacy.due_within().empty()) duration(at(path, "due_within"), pharmacy.due_within());
      for (int d = 0; d < pharmacy.demand().size(); ++d) {
        const Demand& demand = pharmacy.demand(d);
        const std::string demand_path = element(at(path, "demand"), "", d);
        product_ref(at(demand_path, "product"), demand.product());
        if (demand.orders_per_day() < 0) problem(at(demand_path, "orders_per_day"), "must be >= 0");
        if (!demand.has_order_units())
          problem(at(demand_path, "order_units"), "is required");
        else
          count_distribution(at(demand_path, "order_units"), demand.order_units());
      }
    }
  }

  void crew(const std::string& path, const Crew& c, bool present) {
    if (!present) return;
    if (c.count() == 0) problem(at(path, "count"), "must be > 0");
    for (int i = 0; i < c.shifts().size(); ++i) {
      const Shift& shift = c.shifts(i);
      const std::string shift_path = element(at(path, "shifts"), "", i);
      std::string error;
      if (!parse_time_of_day_s(shift.start(), &error)) problem(at(shift_path, "start"), error);
      if (!parse_time_of_day_s(shift.end(), &error)) problem(at(shift_path, "end"), error);
      if (shift.start() == shift.end() && !shift.start().empty())
        problem(shift_path, "a shift needs start != end");
      for (int d = 0; d < shift.days().size(); ++d) {
        if (shift.days(d) < 1 || shift.days(d) > 7) {
          problem(element(at(shift_path, "days"), "", d), "days are 1 (Monday) .. 7 (Sunday)");
        }
      }
    }
    if (!c.has_task_time())
      problem(at(path, "task_time"), "is required");
    else
      duration_distribution(at(path, "task_time"), c.task_time());
  }

  void check_staff() {
    crew("staff.receivers", s_.staff().receivers(), s_.staff().has_receivers());
    crew("staff.pickers", s_.staff().pickers(), s_.staff().has_pickers());
    crew("staff.qa_reviewers", s_.staff().qa_reviewers(), s_.staff().has_qa_reviewers());
  }

  void sensor_ref(const std::string& path, const std::string& name) {
    if (name.empty())
      problem(path, "is required");
    else if (!sensor_names_.count(name))
      problem(path, "unknown sensor '" + name + "'" + suggestion(name, keys(sensor_names_)));
  }

  void shipment_ref(const std::string& path, const std::string& name) {
    if (name.empty()) {
      problem(path, "is required");
      return;
    }
    const size_t hash = name.find('#');
    const std::string base = name.substr(0, hash);
    auto it = shipments_.find(base);
    if (it == shipments_.end()) {
      problem(path, "unknown shipment '" + base + "'" + suggestion(base, keys(shipments_)));
      return;
    }
    if (hash == std::string::npos) return;
    const std::string occurrence = name.substr(hash + 1);
    if (!all_digits(occurrence) || occurrence.size() > 6 || std::stoi(occurrence) < 1) {
      problem(path, "occurrence '" + occurrence + "' must be a number from 1");
    } else if (it->second->repeat_every().empty() && std::stoi(occurrence) != 1) {
      problem(path, "shipment '" + base + "' does not repeat; only occurrence 1 exists");
    } else if (it->second->repeat_count() > 0 &&
               static_cast<unsigned>(std::stoi(occurrence)) > it->second->repeat_count()) {
      problem(path, "shipment '" + base + "' repeats only " +
                        std::to_string(it->second->repeat_count()) + " times");
    }
  }

  void check_faults() {
    std::set<std::string> names;
    unique_names("faults", s_.faults(), names);
    for (int i = 0; i < s_.faults().size(); ++i) {
      const Fault& f = s_.faults(i);
      const std::string path = element("faults", f.name(), i);
      if (f.start().empty())
        problem(at(path, "start"), "is required");
      else
        within_horizon(at(path, "start"), f.start());
      if (!f.duration().empty()) duration(at(path, "duration"), f.duration());
      switch (f.kind_case()) {
        case Fault::KIND_NOT_SET:
          problem(
              path,
              "no fault kind given (hvac_failure, door_left_open, sensor_drift, counterfeit, ...)");
          break;
        case Fault::kHvacFailure:
          zone_ref(at(path, "hvac_failure.zone"), f.hvac_failure().zone());
          break;
        case Fault::kHvacDegraded:
          zone_ref(at(path, "hvac_degraded.zone"), f.hvac_degraded().zone());
          if (!(f.hvac_degraded().capacity_fraction() > 0 &&
                f.hvac_degraded().capacity_fraction() < 1)) {
            problem(at(path, "hvac_degraded.capacity_fraction"), "must be within (0, 1)");
          }
          break;
        case Fault::kDoorLeftOpen: {
          const auto& d = f.door_left_open();
          zone_ref(at(path, "door_left_open.zone"), d.zone());
          auto z = zones_.find(d.zone());
          if (z != zones_.end()) {
            std::vector<std::string> doors;
            for (const auto& door : z->second->doors()) doors.push_back(door.name());
            if (std::find(doors.begin(), doors.end(), d.door()) == doors.end())
              problem(at(path, "door_left_open.door"), "zone '" + d.zone() + "' has no door '" +
                                                           d.door() + "'" +
                                                           suggestion(d.door(), doors));
          }
          break;
        }
        case Fault::kPowerOutage:
          for (int z = 0; z < f.power_outage().zones().size(); ++z) {
            zone_ref(element(at(path, "power_outage.zones"), "", z), f.power_outage().zones(z));
          }
          break;
        case Fault::kSensorDrift:
          sensor_ref(at(path, "sensor_drift.sensor"), f.sensor_drift().sensor());
          if (f.sensor_drift().rate_c_per_day() == 0)
            problem(at(path, "sensor_drift.rate_c_per_day"), "must not be 0");
          break;
        case Fault::kSensorBiasStep:
          sensor_ref(at(path, "sensor_bias_step.sensor"), f.sensor_bias_step().sensor());
          if (f.sensor_bias_step().bias_c() == 0)
            problem(at(path, "sensor_bias_step.bias_c"), "must not be 0");
          break;
        case Fault::kSensorStuck:
          sensor_ref(at(path, "sensor_stuck.sensor"), f.sensor_stuck().sensor());
          break;
        case Fault::kSensorDropout:
          sensor_ref(at(path, "sensor_dropout.sensor"), f.sensor_dropout().sensor());
          break;
        case Fault::kCounterfeit:
          if (f.counterfeit().kind() == COUNTERFEIT_KIND_UNSPECIFIED)
            problem(at(path, "counterfeit.kind"), "is required");
          shipment_ref(at(path, "counterfeit.shipment"), f.counterfeit().shipment());
          if (f.counterfeit().packs() == 0) problem(at(path, "counterfeit.packs"), "must be > 0");
          break;
        case Fault::kSerializationException: {
          const auto& e = f.serialization_exception();
          if (e.kind() == SERIALIZATION_EXCEPTION_KIND_UNSPECIFIED) {
            problem(at(path, "serialization_exception.kind"), "is required");
          } else if (e.kind() != VERIFICATION_UNAVAILABLE) {
            shipment_ref(at(path, "serialization_exception.shipment"), e.shipment());
            if (e.packs() == 0) problem(at(path, "serialization_exception.packs"), "must be > 0");
          }
          break;
        }
        case Fault::kChannelFault: {
          const auto& c = f.channel_fault();
          if (c.channel() == CHANNEL_UNSPECIFIED)
            problem(at(path, "channel_fault.channel"),
                    "is required (READINGS, SERIALIZATION, DECISIONS)");
          const double delay = optional_duration(at(path, "channel_fault.delay"), c.delay());
          const double window =
              optional_duration(at(path, "channel_fault.reorder_window"), c.reorder_window());
          if (c.duplicate_fraction() < 0 || c.duplicate_fraction() > 1) {
            problem(at(path, "channel_fault.duplicate_fraction"), "must be within 0..1");
          }
          if (delay <= 0 && window <= 0 && c.duplicate_fraction() == 0 && !c.hold_back()) {
            problem(at(path, "channel_fault"),
                    "does nothing: set delay, duplicate_fraction, reorder_window or hold_back");
          }
          if (c.hold_back() && f.duration().empty())
            problem(at(path, "duration"), "is required for a hold_back outage");
          break;
        }
      }
    }
  }

  // A recall names a product and one of its lots that the scenario brings to the site (initial
  // stock or an inbound line), at an instant inside the horizon.
  void check_recalls() {
    std::set<std::string> names;
    unique_names("recalls", s_.recalls(), names);
    for (int i = 0; i < s_.recalls().size(); ++i) {
      const Recall& r = s_.recalls(i);
      const std::string path = element("recalls", r.name(), i);
      product_ref(at(path, "product"), r.product());
      if (r.at().empty())
        problem(at(path, "at"), "is required (an offset from the run start, e.g. \"3d\")");
      else
        within_horizon(at(path, "at"), r.at());
      if (r.lot().empty()) {
        problem(at(path, "lot"), "is required");
        continue;
      }
      if (!products_.count(r.product())) continue;
      std::set<std::string> lots;
      for (const auto& lot : s_.stock())
        if (lot.product() == r.product()) lots.insert(lot.lot());
      for (const auto& shipment : s_.inbound())
        for (const auto& line : shipment.lines())
          if (line.product() == r.product()) lots.insert(line.lot());
      if (!lots.count(r.lot())) {
        const std::string hint = suggestion(r.lot(), keys(lots));
        problem(at(path, "lot"),
                "product '" + r.product() + "' has no lot '" + r.lot() + "' in stock or inbound" +
                    (hint.empty() && lots.empty() ? " (it has no lot at all)" : hint));
      }
    }
  }

  void check_expectations() {
    if (!s_.has_expectations()) return;
    const auto& e = s_.expectations();
    std::set<std::string> faults;
    for (const auto& f : s_.faults()) faults.insert(f.name());
    for (int i = 0; i < e.detected().size(); ++i) {
      const auto& d = e.detected(i);
      const std::string path = element("expectations.detected", "", i);
      if (d.fault().empty())
        problem(at(path, "fault"), "is required (a fault name or \"*\")");
      else if (d.fault() != "*" && !faults.count(d.fault()))
        problem(at(path, "fault"),
                "unknown fault '" + d.fault() + "'" + suggestion(d.fault(), keys(faults)));
      duration(at(path, "within"), d.within());
      if (d.has_min_pass_rate()) pass_rate(at(path, "min_pass_rate"), d.min_pass_rate());
    }
    // The single-valued expectations a pass rate may name, and whether the scenario sets them.
    const std::map<std::string, bool> expected = {
        {"max_false_alarms_per_day", e.has_max_false_alarms_per_day()},
        {"min_fill_rate_percent", e.has_min_fill_rate_percent()},
        {"max_compromised_units_shipped", e.has_max_compromised_units_shipped()},
        {"min_counterfeit_interception_percent", e.has_min_counterfeit_interception_percent()},
        {"max_units_quarantined", e.has_max_units_quarantined()},
        {"min_fill_rate_loss_points", e.has_min_fill_rate_loss_points()},
        {"max_recall_time_to_block", !e.max_recall_time_to_block().empty()},
        {"max_recalled_units_shipped", e.has_max_recalled_units_shipped()}};
    for (int i = 0; i < e.pass_rates().size(); ++i) {
      const auto& r = e.pass_rates(i);
      const std::string path = element("expectations.pass_rates", "", i);
      auto it = expected.find(r.expectation());
      if (r.expectation().empty()) {
        problem(at(path, "expectation"),
                "is required (max_false_alarms_per_day, min_fill_rate_percent, "
                "max_compromised_units_shipped, min_counterfeit_interception_percent, "
                "max_units_quarantined, min_fill_rate_loss_points, max_recall_time_to_block, "
                "max_recalled_units_shipped)");
      } else if (it == expected.end()) {
        std::string hint = suggestion(r.expectation(), keys(expected));
        if (r.expectation() == "detected")
          hint = " (a detected expectation takes its own min_pass_rate)";
        problem(at(path, "expectation"), "unknown expectation '" + r.expectation() + "'" + hint);
      } else if (!it->second) {
        problem(at(path, "expectation"), "the scenario does not expect " + r.expectation());
      }
      pass_rate(at(path, "min_pass_rate"), r.min_pass_rate());
    }
    if (e.has_max_false_alarms_per_day() && e.max_false_alarms_per_day() < 0) {
      problem("expectations.max_false_alarms_per_day", "must be >= 0");
    }
    if (e.has_min_fill_rate_percent() &&
        (e.min_fill_rate_percent() < 0 || e.min_fill_rate_percent() > 100)) {
      problem("expectations.min_fill_rate_percent", "must be within 0..100");
    }
    if (e.has_min_fill_rate_loss_points() &&
        (e.min_fill_rate_loss_points() <= 0 || e.min_fill_rate_loss_points() > 100)) {
      problem("expectations.min_fill_rate_loss_points", "must be within (0, 100]");
    }
    if (e.has_min_counterfeit_interception_percent() &&
        (e.min_counterfeit_interception_percent() < 0 ||
         e.min_counterfeit_interception_percent() > 100)) {
      problem("expectations.min_counterfeit_interception_percent", "must be within 0..100");
    }
    if (!e.max_recall_time_to_block().empty())
      duration("expectations.max_recall_time_to_block", e.max_recall_time_to_block(), false);
    if ((!e.max_recall_time_to_block().empty() || e.has_max_recalled_units_shipped()) &&
        s_.recalls().empty()) {
      problem(e.max_recall_time_to_block().empty() ? "expectations.max_recalled_units_shipped"
                                                   : "expectations.max_recall_time_to_block",
              "the scenario has no recall to expect it of (add a `recalls` entry)");
    }
  }

  void pass_rate(const std::string& path, double rate) {
    if (!(rate > 0 && rate <= 1)) {
      problem(path,
              "must be a fraction of the seeds within (0, 1], e.g. 0.9 (got " + fmt(rate) + ")");
    }
  }

  void binding(const std::string& path, const Binding& b) {
    static const std::set<std::string> kKinds = {"", "in-process", "external", "tcp", "mqtt"};
    if (!kKinds.count(b.kind())) {
      const std::string hint = suggestion(b.kind(), keys(kKinds));
      problem(at(path, "kind"), "unknown binding '" + b.kind() + "'" +
                                    (hint.empty() ? " (in-process, external, tcp, mqtt)" : hint));
    } else if ((b.kind() == "external" || b.kind() == "tcp" || b.kind() == "mqtt") &&
               b.endpoint().empty()) {
      problem(at(path, "endpoint"), "is required for a '" + b.kind() + "' binding");
    }
    if (!b.policy().empty() && !std::filesystem::exists(base_dir_ / b.policy())) {
      problem(at(path, "policy"),
              "file '" + b.policy() + "' not found (relative to the scenario file)");
    }
  }

  void check_systems() {
    if (s_.systems().has_detection()) binding("systems.detection", s_.systems().detection());
    if (s_.systems().has_serialization())
      binding("systems.serialization", s_.systems().serialization());
  }

  const Scenario& s_;
  std::filesystem::path base_dir_;
  std::vector<Problem> problems_;
  double horizon_s_ = 0;
  std::map<std::string, const Zone*> zones_;
  std::map<std::string, const Product*> products_;
  std::map<std::string, const InboundShipment*> shipments_;
  std::set<std::string> lanes_;
  std::set<std::string> sensor_names_;
};

}  // namespace

std::vector<Problem> validate(const scenario::Scenario& scenario,
                              const std::filesystem::path& base_dir) {
  return Validator(scenario, base_dir).run();
}

}  // namespace pharmatwin::scenarios
