#include "pharmatwin/adapters/sut_convert.hpp"

#include <cmath>

#include "pharmatwin/adapters/sut_error.hpp"

namespace pharmatwin::adapters {
namespace {

template <typename Repeated>
std::vector<std::string> strings(const Repeated& r) {
  return {r.begin(), r.end()};
}
template <typename Repeated>
void put(const std::vector<std::string>& values, Repeated* out) {
  for (const auto& v : values) out->Add(std::string(v));
}
// An index into the layout (`count` entries; 0 = not checked; kNoIndex = none).
void require_index(std::uint32_t value, std::size_t count, const std::string& field,
                   const char* what) {
  if (count == 0 || value == kNoIndex || value < count) return;
  throw SutError(SutErrorKind::kMalformed, "field " + field + " = " + std::to_string(value) +
                                               " is not a " + what + " index (the layout has " +
                                               std::to_string(count) + " " + what + "s)");
}
void require_finite(double value, const char* field) {
  if (!std::isfinite(value)) {
    throw SutError(SutErrorKind::kMalformed, std::string(field) + " is not a finite number");
  }
}

}  // namespace

void to_wire(const SiteLayout& layout, const std::map<std::string, std::string>& storage_classes,
             sut::Layout& out) {
  out.set_site_name(layout.site_name);
  out.set_start_epoch_s(layout.start_epoch_s);
  for (std::size_t i = 0; i < layout.zones.size(); ++i) {
    const auto& z = layout.zones[i];
    auto* w = out.add_zones();
    w->set_name(z.name);
    w->set_min_c(z.min_c);
    w->set_max_c(z.max_c);
    w->set_setpoint_c(z.setpoint_c);
    const auto cls = storage_classes.find(z.name);
    if (cls != storage_classes.end()) w->set_storage_class(cls->second);
  }
  for (const auto& s : layout.sensors) {
    auto* w = out.add_sensors();
    w->set_name(s.name);
    w->set_zone(s.zone);
    w->set_kind(s.kind == SensorKind::kAir ? sut::AIR : sut::PRODUCT_SIMULANT);
    w->set_sample_interval_s(s.sample_interval_s);
  }
}

SiteLayout from_wire(const sut::Layout& layout) {
  SiteLayout out;
  out.site_name = layout.site_name();
  out.start_epoch_s = layout.start_epoch_s();
  for (const auto& z : layout.zones())
    out.zones.push_back({z.name(), z.min_c(), z.max_c(), z.setpoint_c()});
  for (const auto& s : layout.sensors()) {
    out.sensors.push_back(
        {s.name(), s.zone(),
         s.kind() == sut::PRODUCT_SIMULANT ? SensorKind::kProductSimulant : SensorKind::kAir,
         s.sample_interval_s()});
  }
  return out;
}

void append_to_wire(std::span<const SensorReading> readings, sut::Readings& out) {
  const int n = static_cast<int>(readings.size());
  out.mutable_time_s()->Reserve(out.time_s_size() + n);
  out.mutable_value_c()->Reserve(out.value_c_size() + n);
  out.mutable_sensor()->Reserve(out.sensor_size() + n);
  out.mutable_zone()->Reserve(out.zone_size() + n);
  for (const auto& r : readings) {
    out.add_time_s(r.time_s);
    out.add_value_c(r.value_c);
    out.add_sensor(r.sensor);
    out.add_zone(r.zone);
  }
}

void to_wire(std::span<const ZoneTelemetry> telemetry, sut::Telemetry& out) {
  for (const auto& t : telemetry) {
    auto* w = out.add_items();
    w->set_time_s(t.time_s);
    w->set_zone(t.zone);
    w->set_hvac_running(t.hvac_running);
    w->set_hvac_powered(t.hvac_powered);
    w->set_doors_open(t.doors_open);
    w->set_hvac_duty(t.hvac_duty);
  }
}

void to_wire(std::span<const ZoneStock> stock, sut::Stock& out) {
  for (const auto& z : stock) {
    auto* w = out.add_zones();
    w->set_time_s(z.time_s);
    w->set_zone(z.zone);
    for (const auto& lot : z.lots) {
      auto* l = w->add_lots();
      l->set_lot(lot.lot);
      l->set_units(lot.units);
      l->set_min_c(lot.min_c);
      l->set_max_c(lot.max_c);
      l->set_budget_s(lot.budget_s);
    }
  }
}

std::vector<ZoneStock> from_wire(const sut::Stock& stock, std::size_t zones) {
  std::vector<ZoneStock> out;
  out.reserve(stock.zones_size());
  for (const auto& z : stock.zones()) {
    if (z.zone() == kNoIndex) throw SutError(SutErrorKind::kMalformed, "field zones.zone is none");
    require_index(z.zone(), zones, "zones.zone", "zone");
    require_finite(z.time_s(), "field zones.time_s");
    ZoneStock zone{z.time_s(), z.zone(), {}};
    for (const auto& l : z.lots()) {
      require_finite(l.min_c(), "field zones.lots.min_c");
      require_finite(l.max_c(), "field zones.lots.max_c");
      require_finite(l.budget_s(), "field zones.lots.budget_s");
      zone.lots.push_back({l.lot(), l.units(), l.min_c(), l.max_c(), l.budget_s()});
    }
    out.push_back(std::move(zone));
  }
  return out;
}

std::vector<SensorReading> from_wire(const sut::Readings& readings) {
  const int n = readings.time_s_size();
  if (readings.value_c_size() != n || readings.sensor_size() != n || readings.zone_size() != n) {
    throw SutError(SutErrorKind::kMalformed,
                   "Readings columns differ in length (time_s " + std::to_string(n) + ", value_c " +
                       std::to_string(readings.value_c_size()) + ", sensor " +
                       std::to_string(readings.sensor_size()) + ", zone " +
                       std::to_string(readings.zone_size()) + ")");
  }
  std::vector<SensorReading> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    out[i] = {readings.time_s(i), readings.value_c(i), readings.sensor(i), readings.zone(i)};
  }
  return out;
}

std::vector<ZoneTelemetry> from_wire(const sut::Telemetry& telemetry) {
  std::vector<ZoneTelemetry> out;
  out.reserve(telemetry.items_size());
  for (const auto& t : telemetry.items()) {
    out.push_back(
        {t.time_s(), t.zone(), t.hvac_running(), t.hvac_powered(), t.doors_open(), t.hvac_duty()});
  }
  return out;
}

void to_wire(const Alert& a, sut::Alert& out) {
  out.set_id(a.id);
  out.set_kind(a.kind);
  out.set_zone(a.zone);
  out.set_sensor(a.sensor);
  out.set_raised_at_s(a.raised_at_s);
  out.set_cleared(a.cleared);
  out.set_cleared_at_s(a.cleared_at_s);
  out.set_severity(a.severity);
  put(a.lots, out.mutable_lots());
  out.set_message(a.message);
}

void to_wire(const Decision& d, sut::Decision& out) {
  out.set_idempotency_key(d.idempotency_key);
  out.set_kind(static_cast<sut::DecisionKind>(static_cast<int>(d.kind)));
  out.set_time_s(d.sim_time_s);
  out.set_zone(d.zone);
  put(d.lots, out.mutable_lots());
  put(d.packs, out.mutable_packs());
  out.set_alert_id(d.alert_id);
  out.set_reason(d.reason);
}

Alert from_wire(const sut::Alert& a, std::size_t zones, std::size_t sensors) {
  if (a.id().empty()) throw SutError(SutErrorKind::kMalformed, "field id is empty");
  if (a.kind().empty()) throw SutError(SutErrorKind::kMalformed, "field kind is empty");
  require_index(a.zone(), zones, "zone", "zone");
  require_index(a.sensor(), sensors, "sensor", "sensor");
  if (a.severity() < 0 || a.severity() > 2) {
    throw SutError(SutErrorKind::kMalformed,
                   "field severity = " + std::to_string(a.severity()) + " is not 0, 1 or 2");
  }
  require_finite(a.raised_at_s(), "field raised_at_s");
  require_finite(a.cleared_at_s(), "field cleared_at_s");
  Alert out;
  out.id = a.id();
  out.kind = a.kind();
  out.zone = a.zone();
  out.sensor = a.sensor();
  out.raised_at_s = a.raised_at_s();
  out.cleared = a.cleared();
  out.cleared_at_s = a.cleared_at_s();
  out.severity = a.severity();
  out.lots = strings(a.lots());
  out.message = a.message();
  return out;
}

Decision from_wire(const sut::Decision& d) {
  if (d.idempotency_key().empty()) {
    throw SutError(SutErrorKind::kMalformed, "field idempotency_key is empty");
  }
  if (!sut::DecisionKind_IsValid(d.kind())) {
    throw SutError(SutErrorKind::kMalformed,
                   "field kind = " + std::to_string(d.kind()) + " is not a DecisionKind");
  }
  require_finite(d.time_s(), "field time_s");
  Decision out;
  out.idempotency_key = d.idempotency_key();
  out.kind = static_cast<DecisionKind>(d.kind());
  out.sim_time_s = d.time_s();
  out.zone = d.zone();
  out.lots = strings(d.lots());
  out.packs = strings(d.packs());
  out.alert_id = d.alert_id();
  out.reason = d.reason();
  return out;
}

void to_wire(const SerializationSite& site, sut::SerializationSite& out) {
  out.set_site_name(site.site_name);
  out.set_site_gln(site.site_gln);
  out.set_start_epoch_s(site.start_epoch_s);
  for (const auto& p : site.products) {
    auto* w = out.add_products();
    w->set_name(p.name);
    w->set_gtin(p.gtin);
    put(p.supplier_glns, w->mutable_supplier_glns());
  }
  for (const auto& p : site.parties) {
    auto* w = out.add_parties();
    w->set_name(p.name);
    w->set_gln(p.gln);
    w->set_pharmacy(p.pharmacy);
  }
}

SerializationSite from_wire(const sut::SerializationSite& site) {
  SerializationSite out;
  out.site_name = site.site_name();
  out.site_gln = site.site_gln();
  out.start_epoch_s = site.start_epoch_s();
  for (const auto& p : site.products())
    out.products.push_back({p.name(), p.gtin(), strings(p.supplier_glns())});
  for (const auto& p : site.parties()) out.parties.push_back({p.name(), p.gln(), p.pharmacy()});
  return out;
}

void to_wire(const PackLabel& l, sut::PackLabel& out) {
  out.set_gtin(l.gtin);
  out.set_serial(l.serial);
  out.set_lot(l.lot);
  out.set_expiry(l.expiry);
}
PackLabel from_wire(const sut::PackLabel& l) { return {l.gtin(), l.serial(), l.lot(), l.expiry()}; }

template <typename Repeated>
static void put_labels(const std::vector<PackLabel>& labels, Repeated* out) {
  for (const auto& l : labels) to_wire(l, *out->Add());
}
template <typename Repeated>
static std::vector<PackLabel> labels(const Repeated& r) {
  std::vector<PackLabel> out;
  out.reserve(r.size());
  for (const auto& l : r) out.push_back(from_wire(l));
  return out;
}

void to_wire(const CommissioningObservation& o, sut::Commissioning& out) {
  out.set_time_s(o.time_s);
  out.set_owner_gln(o.owner_gln);
  out.set_gtin(o.gtin);
  out.set_lot(o.lot);
  out.set_expiry(o.expiry);
  put(o.serials, out.mutable_serials());
  out.set_case_sscc(o.case_sscc);
  out.set_pallet_sscc(o.pallet_sscc);
}
void to_wire(const ShippingObservation& o, sut::Shipping& out) {
  out.set_time_s(o.time_s);
  out.set_shipment(o.shipment);
  out.set_from_gln(o.from_gln);
  out.set_to_gln(o.to_gln);
  put(o.ssccs, out.mutable_ssccs());
}
void to_wire(const ReceivingScan& o, sut::ReceivingScan& out) {
  out.set_time_s(o.time_s);
  out.set_shipment(o.shipment);
  out.set_from_gln(o.from_gln);
  out.set_site_gln(o.site_gln);
  out.set_case_sscc(o.case_sscc);
  out.set_pallet_sscc(o.pallet_sscc);
  put_labels(o.packs_read, out.mutable_packs_read());
  out.set_unreadable(o.unreadable);
}
void to_wire(const StorageObservation& o, sut::Storage& out) {
  out.set_time_s(o.time_s);
  out.set_zone(o.zone);
  put(o.ssccs, out.mutable_ssccs());
  out.set_lot(o.lot);
  out.set_packs(o.packs);
}
void to_wire(const OutboundObservation& o, sut::Outbound& out) {
  out.set_time_s(o.time_s);
  out.set_order_id(o.order_id);
  out.set_pharmacy_gln(o.pharmacy_gln);
  put_labels(o.packs, out.mutable_packs());
  out.set_dispensed(o.dispensed);
}
void to_wire(const DecommissionObservation& o, sut::Decommission& out) {
  out.set_time_s(o.time_s);
  out.set_reason(o.reason);
  put_labels(o.packs, out.mutable_packs());
}
void to_wire(const VerificationRequest& o, sut::VerificationRequest& out) {
  out.set_request_id(o.request_id);
  out.set_time_s(o.time_s);
  out.set_requester_gln(o.requester_gln);
  put_labels(o.packs, out.mutable_packs());
}

CommissioningObservation from_wire(const sut::Commissioning& o) {
  return {o.time_s(), o.owner_gln(),        o.gtin(),      o.lot(),
          o.expiry(), strings(o.serials()), o.case_sscc(), o.pallet_sscc()};
}
ShippingObservation from_wire(const sut::Shipping& o) {
  return {o.time_s(), o.shipment(), o.from_gln(), o.to_gln(), strings(o.ssccs())};
}
ReceivingScan from_wire(const sut::ReceivingScan& o) {
  return {o.time_s(),    o.shipment(),    o.from_gln(),           o.site_gln(),
          o.case_sscc(), o.pallet_sscc(), labels(o.packs_read()), o.unreadable()};
}
StorageObservation from_wire(const sut::Storage& o) {
  return {o.time_s(), o.zone(), strings(o.ssccs()), o.lot(), o.packs()};
}
OutboundObservation from_wire(const sut::Outbound& o) {
  return {o.time_s(), o.order_id(), o.pharmacy_gln(), labels(o.packs()), o.dispensed()};
}
DecommissionObservation from_wire(const sut::Decommission& o) {
  return {o.time_s(), o.reason(), labels(o.packs())};
}
VerificationRequest from_wire(const sut::VerificationRequest& o) {
  return {o.request_id(), o.time_s(), o.requester_gln(), labels(o.packs())};
}

void to_wire(const VerificationAnswer& a, sut::VerificationAnswer& out) {
  out.set_request_id(a.request_id);
  out.set_time_s(a.time_s);
  for (auto s : a.statuses)
    out.add_statuses(static_cast<sut::VerificationStatus>(static_cast<int>(s)));
}
void to_wire(const SuspectAlert& a, sut::SuspectAlert& out) {
  out.set_id(a.id);
  out.set_raised_at_s(a.raised_at_s);
  out.set_reason(a.reason);
  put(a.packs, out.mutable_packs());
  put(a.lots, out.mutable_lots());
}
VerificationAnswer from_wire(const sut::VerificationAnswer& a) {
  if (a.request_id().empty()) throw SutError(SutErrorKind::kMalformed, "field request_id is empty");
  VerificationAnswer out{a.request_id(), a.time_s(), {}};
  for (int s : a.statuses()) {
    if (!sut::VerificationStatus_IsValid(s)) {
      throw SutError(SutErrorKind::kMalformed,
                     "field statuses holds " + std::to_string(s) + ", not a VerificationStatus");
    }
    out.statuses.push_back(static_cast<VerificationStatus>(s));
  }
  return out;
}
SuspectAlert from_wire(const sut::SuspectAlert& a) {
  if (a.id().empty()) throw SutError(SutErrorKind::kMalformed, "field id is empty");
  return {a.id(), a.raised_at_s(), a.reason(), strings(a.packs()), strings(a.lots())};
}

void to_wire(const BatchStatusNotice& n, sut::BatchStatus& out) {
  out.set_time_s(n.time_s);
  out.set_gtin(n.gtin);
  out.set_lot(n.lot);
  out.set_status(n.status);
  out.set_recall(n.recall);
  out.set_reason(n.reason);
}
BatchStatusNotice from_wire(const sut::BatchStatus& n) {
  if (n.gtin().empty()) throw SutError(SutErrorKind::kMalformed, "field gtin is empty");
  if (n.status() != "recalled" && n.status() != "withdrawn" && n.status() != "active") {
    throw SutError(SutErrorKind::kMalformed,
                   "field status is \"" + n.status() + "\", not recalled, withdrawn or active");
  }
  return {n.time_s(), n.gtin(), n.lot(), n.status(), n.recall(), n.reason()};
}

}  // namespace pharmatwin::adapters
