#include "pharmatwin/serialization/epcis_sample.hpp"

#include <cstdio>
#include <string>

namespace pharmatwin::serialization {
namespace {

constexpr const char* kManufacturerSite = "urn:epc:id:sgln:4012345.00001.0";
constexpr const char* kPackingLine = "urn:epc:id:sgln:4012345.00001.7";
constexpr const char* kWarehouse = "urn:epc:id:sgln:4098765.00002.0";
constexpr const char* kWarehouseDock = "urn:epc:id:sgln:4098765.00002.1";
constexpr const char* kColdRoom = "urn:epc:id:sgln:4098765.00002.5";
constexpr const char* kPharmacy = "urn:epc:id:sgln:4055555.00003.0";
constexpr const char* kManufacturer = "urn:epc:id:pgln:4012345.00000";
constexpr const char* kWholesaler = "urn:epc:id:pgln:4098765.00000";

std::string pack_epc(std::size_t serial) {
  return "urn:epc:id:sgtin:4012345.012345.S" + std::to_string(100000 + serial);
}

std::string case_sscc(std::size_t index) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%010zu", index + 1);
  return std::string("urn:epc:id:sscc:4012345.") + digits;
}

Event base(EventType type, Action action, std::int64_t time_ms, int offset, const char* step,
           const char* disposition, const char* read_point, const char* location) {
  Event e;
  e.type = type;
  e.action = action;
  e.event_time_ms = time_ms;
  e.timezone_offset_minutes = offset;
  e.biz_step = step;
  e.disposition = disposition;
  e.read_point = read_point;
  e.biz_location = location;
  return e;
}

}  // namespace

std::vector<Event> epcis_sample_events(const EpcisSampleSpec& spec) {
  std::vector<Event> events;
  const int tz = spec.timezone_offset_minutes;
  std::int64_t t = spec.start_time_ms;
  const std::int64_t minute = 60'000;
  const std::string desadv = "urn:epcglobal:cbv:bt:4012345000009:DESADV-";
  std::size_t serial = 0;
  for (std::size_t c = 0; c < spec.cases; ++c) {
    std::vector<std::string> packs;
    for (std::size_t p = 0; p < spec.packs_per_case; ++p) packs.push_back(pack_epc(serial++));
    const std::string sscc = case_sscc(c);

    Event commission = base(EventType::kObject, Action::kAdd, t, tz, "commissioning", "active",
                            kPackingLine, kManufacturerSite);
    commission.epcs = packs;
    commission.ilmd_lot = "L2024A" + std::to_string(c % 3);
    commission.ilmd_expiry = "2027-06-30";
    events.push_back(std::move(commission));

    Event pack = base(EventType::kAggregation, Action::kAdd, t += minute, tz, "packing",
                      "in_progress", kPackingLine, kManufacturerSite);
    pack.parent_id = sscc;
    pack.epcs = packs;
    events.push_back(std::move(pack));

    Event ship = base(EventType::kObject, Action::kObserve, t += 30 * minute, tz, "shipping",
                      "in_transit", kManufacturerSite, "");
    ship.epcs = {sscc};
    ship.biz_transactions = {
        {"desadv", desadv + std::to_string(c + 1)},
        {"po", "urn:epcglobal:cbv:bt:4098765000002:PO-" + std::to_string(c + 1)}};
    ship.sources = {{"owning_party", kManufacturer}, {"location", kManufacturerSite}};
    ship.destinations = {{"owning_party", kWholesaler}, {"location", kWarehouse}};
    events.push_back(std::move(ship));

    Event receive = base(EventType::kObject, Action::kObserve, t += 6 * 60 * minute, tz,
                         "receiving", "in_progress", kWarehouseDock, kWarehouse);
    receive.epcs = {sscc};
    receive.biz_transactions = {{"desadv", desadv + std::to_string(c + 1)}};
    receive.sources = {{"owning_party", kManufacturer}};
    receive.destinations = {{"owning_party", kWholesaler}};
    SensorElement log;
    log.time_ms = t;
    log.device_id = "urn:epc:id:giai:4098765.TL" + std::to_string(c + 1);
    SensorReport temperature;
    temperature.type = "Temperature";
    temperature.value = 5.5;
    temperature.min_value = 3.8;
    temperature.max_value = 7.2;
    temperature.mean_value = 5.1;
    temperature.uom = "CEL";
    log.reports.push_back(temperature);
    receive.sensor_elements.push_back(std::move(log));
    events.push_back(std::move(receive));

    Event unpack = base(EventType::kAggregation, Action::kDelete, t += 20 * minute, tz, "unpacking",
                        "in_progress", kWarehouseDock, kWarehouse);
    unpack.parent_id = sscc;
    unpack.epcs = packs;
    events.push_back(std::move(unpack));

    Event store = base(EventType::kObject, Action::kObserve, t += 10 * minute, tz, "storing",
                       "sellable_not_accessible", kColdRoom, kWarehouse);
    store.epcs = packs;
    events.push_back(std::move(store));

    // Each pack ends one of three ways: dispensed, decommissioned (returned) or destroyed.
    for (std::size_t p = 0; p < packs.size(); ++p) {
      t += 5 * minute;
      Event last;
      switch ((c + p) % 3) {
        case 0:
          last = base(EventType::kObject, Action::kObserve, t, tz, "dispensing", "dispensed",
                      kPharmacy, kPharmacy);
          break;
        case 1:
          last = base(EventType::kObject, Action::kDelete, t, tz, "decommissioning", "inactive",
                      kColdRoom, kWarehouse);
          break;
        default:
          last = base(EventType::kObject, Action::kDelete, t, tz, "destroying", "destroyed",
                      kWarehouse, kWarehouse);
          break;
      }
      last.epcs = {packs[p]};
      events.push_back(std::move(last));
    }
    t += minute;
  }
  return events;
}

}  // namespace pharmatwin::serialization
