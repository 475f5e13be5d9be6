// Service and stock figures of a run, summed from its operations records (docs/operations.md,
// "Figures", gives each definition in terms of the records).
//
//   auto m = operations_metrics(log, initial_units);
//   // m.units_ordered == m.units_shipped_on_time + m.units_shipped_late + m.units_lost
//   //                    + m.units_open
//
// The order cohort is every line placed during the run (order_placed). Each ordered unit ends
// the run shipped on time, shipped late, lost (its line closed without it: order_lost) or open
// (its line is due after the horizon and not closed). The fill rates leave the open units and
// lines out, their outcome being unknown. Inventory turns are units shipped over the mean units
// on hand, annualised (365 days); on hand starts at the scenario's stock (when given) and follows
// receipts, shipments and destruction.
#pragma once

#include <cstdint>
#include <optional>

#include "pharmatwin/experiments/run_log.hpp"

namespace pharmatwin::experiments {

struct OperationsMetrics {
  // Orders: ordered = filled on time + lost + open (lines); ordered = on time + late + lost + open
  // (units); shipped = on time + late.
  std::uint64_t lines_ordered = 0, lines_filled_on_time = 0, lines_lost = 0, lines_open = 0;
  std::uint64_t units_ordered = 0, units_shipped = 0;
  std::uint64_t units_shipped_on_time = 0, units_shipped_late = 0;
  std::uint64_t units_lost = 0, units_open = 0;
  // units shipped on time / (units ordered - units open); none when nothing is settled.
  std::optional<double> fill_rate_percent;
  std::optional<double> line_fill_rate_percent;  // lines filled on time / (ordered - open)

  // Stock. units_quarantined counts distinct units; quarantine_actions the changes into
  // quarantine; units_requarantined their units that had been quarantined before. The other
  // unit counts add up the units of each change.
  std::uint64_t units_quarantined = 0, quarantine_actions = 0, units_requarantined = 0;
  std::uint64_t units_on_hold = 0, units_released = 0, units_rejected = 0;
  std::uint64_t units_destroyed = 0;
  std::uint64_t units_received = 0;

  // QA: reviews queued, done, held (stock kept quarantined while its zone was disturbed).
  std::uint64_t qa_reviews = 0, qa_reviews_done = 0, qa_reviews_held = 0, qa_units_reviewed = 0;
  double qa_mean_wait_s = 0;

  std::optional<double> inventory_turns;        // annualised; none without a starting stock
  std::uint64_t compromised_units_shipped = 0;  // distinct units
  std::uint64_t decisions_applied = 0;
};

// `initial_units`: stock on hand at time zero (sum of the scenario's stock quantities).
OperationsMetrics operations_metrics(const RunLog& log,
                                     std::optional<std::uint64_t> initial_units = std::nullopt);

}  // namespace pharmatwin::experiments
