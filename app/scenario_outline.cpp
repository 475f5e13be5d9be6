#include "scenario_outline.hpp"

#include <iomanip>

#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::app {

namespace {

std::string fault_kind(const scenario::Fault& fault) {
  const auto* descriptor = fault.GetDescriptor();
  const auto* field = descriptor->FindFieldByNumber(fault.kind_case());
  return field ? field->name() : "unset";
}

}  // namespace

void print_outline(const scenario::Scenario& s, std::ostream& out) {
  out << "  scenario  " << (s.name().empty() ? "(unnamed)" : s.name()) << "\n"
      << "  run       start " << s.run().start() << ", horizon " << s.run().horizon() << ", seed "
      << s.run().seed() << "\n"
      << "  site      " << s.site().name() << " (GLN " << s.site().gln() << ", prefix "
      << s.site().company_prefix() << ")\n";
  size_t sensors = 0;
  for (const auto& zone : s.zones()) {
    const auto range = scenarios::effective_range(zone.storage_class(), zone.custom_range());
    sensors += static_cast<size_t>(zone.sensors_size());
    out << "  zone      " << std::left << std::setw(14) << zone.name() << std::right << " "
        << scenario::StorageClass_Name(zone.storage_class()) << " " << range.min_c() << ".."
        << range.max_c() << " °C, setpoint " << zone.hvac().setpoint_c() << " °C, "
        << zone.sensors_size() << " sensors, " << zone.doors_size() << " doors\n";
  }
  std::uint64_t units = 0;
  for (const auto& lot : s.stock()) units += lot.quantity();
  out << "  products  " << s.products_size() << " (" << s.stock_size() << " lots, " << units
      << " units in stock)\n"
      << "  sensors   " << sensors << "\n"
      << "  flows     " << s.suppliers_size() << " suppliers, " << s.lanes_size() << " lanes, "
      << s.inbound_size() << " inbound shipments, " << s.pharmacies_size() << " pharmacies\n";
  for (const auto& fault : s.faults()) {
    out << "  fault     " << std::left << std::setw(14) << fault.name() << std::right << " "
        << fault_kind(fault) << " at +" << fault.start()
        << (fault.duration().empty() ? "" : " for " + fault.duration()) << "\n";
  }
}

}  // namespace pharmatwin::app
