// The stock-and-operations half of the world: inbound shipments over their lanes, receiving,
// putaway, pharmacy orders picked first-expiry-first-out and shipped, QA reviews of quarantined
// stock, decisions from the systems under test, counterfeit and serialization faults.
//
// Build it from a validated scenario and the World's services before the simulation runs, then
// call start() (spawns the actors: order generators, shipments, receivers, pickers, QA reviewers,
// the serialization gateway). Everything observable goes to the serialization port and the event
// log as OperationsRecord entries; the ground truth (counterfeit packs, compromised units shipped)
// is logged and counted in OperationsStats.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pharmatwin/adapters/decision.hpp"
#include "pharmatwin/adapters/detection_port.hpp"
#include "pharmatwin/adapters/serialization_port.hpp"
#include "pharmatwin/operations.pb.h"
#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/sim/operations_stock.hpp"
#include "pharmatwin/sim/world_services.hpp"

namespace pharmatwin::sim {

struct OperationsStats {
  // Orders: every line placed during the run. Each ordered unit ends the run shipped on time,
  // shipped late, lost (its line closed without it) or open (its line is due after the horizon),
  //   units_ordered = units_shipped_on_time + units_shipped_late + units_lost + units_open,
  // and each line filled on time, lost (closed short or late) or open:
  //   lines_ordered = lines_filled_on_time + lines_lost + lines_open.
  std::uint64_t lines_ordered = 0, lines_filled_on_time = 0, lines_lost = 0, lines_open = 0;
  std::uint64_t units_ordered = 0, units_shipped = 0, units_shipped_on_time = 0;
  std::uint64_t units_shipped_late = 0, units_lost = 0, units_open = 0;
  // Open units are left out, their outcome being unknown (1 when nothing is settled):
  double fill_rate() const;       // units shipped on time / (units ordered - units open)
  double line_fill_rate() const;  // lines filled on time / (lines ordered - lines open)

  // Inbound.
  std::uint64_t shipments_departed = 0, shipments_received = 0;
  std::uint64_t units_received = 0, cases_scanned = 0, cases_with_exceptions = 0;

  // Stock.
  std::uint64_t units_on_hand = 0;
  double mean_units_on_hand = 0;
  double inventory_turns = 0;           // units shipped / mean units on hand, over the run
  double inventory_turns_per_year = 0;  // the same, annualised
  double mean_stock_sojourn_s = 0;      // of units that left the stock
  // units_quarantined counts distinct units (one quarantined, released and quarantined again
  // counts once); quarantine_actions the status changes into quarantine, units_requarantined
  // the units of those changes that had been quarantined before. The other unit counts add up
  // the units of each change.
  std::uint64_t units_quarantined = 0, quarantine_actions = 0, units_requarantined = 0;
  std::uint64_t units_held = 0, units_released = 0;
  std::uint64_t units_rejected = 0, units_destroyed = 0;

  // QA. A held review kept the stock quarantined because its zone was disturbed.
  std::uint64_t qa_reviews_queued = 0, qa_reviews_done = 0, qa_reviews_held = 0;
  double qa_mean_wait_s = 0, qa_busy_s = 0;
  std::uint64_t qa_max_queue = 0;

  // Decisions.
  std::uint64_t decisions_applied = 0, decisions_duplicate = 0;
  std::uint64_t suspect_alerts = 0;  // from the track-and-trace system, logged as alerts

  // Ground truth.
  std::uint64_t counterfeit_units_injected = 0;
  std::uint64_t counterfeit_units_shipped = 0;
  std::uint64_t counterfeit_units_intercepted = 0;  // destroyed, or blocked in stock at the end
  std::uint64_t budget_exhausted_units_shipped = 0;
  std::uint64_t compromised_units_shipped = 0;  // counterfeit + budget exhausted
  std::uint64_t verifications_requested = 0, verifications_unavailable = 0;
};

class OperationsImpl;

class Operations {
 public:
  Operations(const scenario::Scenario& scenario, const WorldServices& services);
  ~Operations();
  Operations(const Operations&) = delete;
  Operations& operator=(const Operations&) = delete;

  // Problems found while building (a unit that does not parse...). Empty when fine.
  const std::string& error() const;

  // The track-and-trace system (NullSerializationPort when never set). Before start().
  void set_serialization_port(adapters::SerializationPort* port);
  // Extra listener of every record (tests, dashboards); the event log gets them anyway.
  void set_record_listener(std::function<void(const OperationsRecord&)> listener);

  // Spawns the actors on services.host. Subscribes to observers->on_decision and to
  // observers->on_fault_start for injected counterfeit/serialization faults. Call once, before
  // the engine runs or from an actor.
  void start();

  // Applies a decision at the current simulated time, once per idempotency key. Call from an
  // actor (the QA crew may be woken).
  void apply(const adapters::Decision& decision);

  // Applies a fault of kind counterfeit or serialization_exception (scenario faults are taken
  // from the scenario at construction; this is for faults injected at run time).
  void inject(const scenario::Fault& fault);

  // The stock of the climate zones whose content changed since the previous call (lots of any
  // status, with their product's range and stability budget), stamped `now_s`, in zone order;
  // the world passes it to the detection port at each block. Zones unknown to the climate are
  // left out.
  std::vector<adapters::ZoneStock> take_zone_stock_changes(double now_s);

  // Closes the books at `now_s` (called by the end-of-run actor at the horizon).
  void finish(double now_s);

  OperationsStats stats() const;
  const Stock& stock() const;

 private:
  std::unique_ptr<OperationsImpl> impl_;
};

}  // namespace pharmatwin::sim
