// Service and stock figures of a run, from its operations records.
//
// Fill rate counts order lines due within the run: units shipped on time / units ordered.
// A line is lost when it was not shipped in full on time. Inventory turns are units shipped over
// the mean units on hand, annualised (365 days); on hand starts at the scenario's stock (when
// given) and follows receipts, shipments and destruction.
#pragma once

#include <cstdint>
#include <optional>

#include "pharmatwin/experiments/run_log.hpp"

namespace pharmatwin::experiments {

struct OperationsMetrics {
  std::uint64_t lines_ordered = 0, units_ordered = 0;
  std::uint64_t units_shipped_on_time = 0, units_shipped = 0;
  std::uint64_t lines_lost = 0, units_lost = 0;
  std::optional<double> fill_rate_percent;  // none when no line fell due
  std::uint64_t units_quarantined = 0, units_on_hold = 0, units_rejected = 0;
  std::uint64_t units_destroyed = 0;
  std::uint64_t units_received = 0;
  std::uint64_t qa_reviews = 0, qa_reviews_done = 0, qa_units_reviewed = 0;
  double qa_mean_wait_s = 0;
  std::optional<double> inventory_turns;  // annualised; none without a starting stock
  std::uint64_t compromised_units_shipped = 0;
  std::uint64_t decisions_applied = 0;
};

// `initial_units`: stock on hand at time zero (sum of the scenario's stock quantities).
OperationsMetrics operations_metrics(const RunLog& log,
                                     std::optional<std::uint64_t> initial_units = std::nullopt);

}  // namespace pharmatwin::experiments
