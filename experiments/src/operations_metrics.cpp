#include "pharmatwin/experiments/operations_metrics.hpp"

#include <map>

namespace pharmatwin::experiments {

namespace {
struct Line {
  std::uint64_t units = 0, on_time = 0;
  double due_s = 0;
};
}  // namespace

OperationsMetrics operations_metrics(const RunLog& log, std::optional<std::uint64_t> initial_units) {
  OperationsMetrics m;
  std::map<std::uint64_t, Line> lines;
  double on_hand = initial_units ? static_cast<double>(*initial_units) : 0;
  double area = 0, last_t = 0;
  double waited_total = 0;
  std::uint64_t started = 0;
  auto advance = [&](double t) {
    if (t > last_t) {
      area += on_hand * (t - last_t);
      last_t = t;
    }
  };
  for (const auto& r : log.operations) {
    advance(r.t_s());
    switch (r.record_case()) {
      case sim::OperationsRecord::kOrderPlaced:
        lines[r.order_placed().order_id()] = {r.order_placed().units(), 0, r.order_placed().due_s()};
        break;
      case sim::OperationsRecord::kOrderShipped: {
        const auto& s = r.order_shipped();
        m.units_shipped += s.units_shipped();
        on_hand -= s.units_shipped();
        if (s.on_time()) lines[s.order_id()].on_time += s.units_shipped();
        break;
      }
      case sim::OperationsRecord::kShipmentReceived:
        m.units_received += r.shipment_received().packs();
        on_hand += r.shipment_received().packs();
        break;
      case sim::OperationsRecord::kStockStatusChanged: {
        const auto& c = r.stock_status_changed();
        if (c.to() == sim::QUARANTINED) m.units_quarantined += c.units();
        if (c.to() == sim::ON_HOLD) m.units_on_hold += c.units();
        if (c.to() == sim::REJECTED) m.units_rejected += c.units();
        break;
      }
      case sim::OperationsRecord::kStockDestroyed:
        m.units_destroyed += r.stock_destroyed().units();
        on_hand -= r.stock_destroyed().units();
        break;
      case sim::OperationsRecord::kQaReviewQueued:
        ++m.qa_reviews;
        break;
      case sim::OperationsRecord::kQaReviewStarted:
        ++started;
        waited_total += r.qa_review_started().waited_s();
        break;
      case sim::OperationsRecord::kQaReviewDone:
        ++m.qa_reviews_done;
        m.qa_units_reviewed += r.qa_review_done().units();
        break;
      case sim::OperationsRecord::kCompromisedUnitShipped: {
        const auto units = r.compromised_unit_shipped().units();
        m.compromised_units_shipped += units == 0 ? 1 : units;
        break;
      }
      case sim::OperationsRecord::kDecisionApplied:
        if (!r.decision_applied().duplicate()) ++m.decisions_applied;
        break;
      default:
        break;
    }
  }
  advance(log.end_s);
  if (started) m.qa_mean_wait_s = waited_total / static_cast<double>(started);
  for (const auto& [id, line] : lines) {
    if (line.due_s > log.end_s) continue;  // not yet due when the run ended
    ++m.lines_ordered;
    m.units_ordered += line.units;
    const auto on_time = std::min(line.on_time, line.units);
    m.units_shipped_on_time += on_time;
    if (on_time < line.units) {
      ++m.lines_lost;
      m.units_lost += line.units - on_time;
    }
  }
  if (m.units_ordered > 0)
    m.fill_rate_percent = 100.0 * static_cast<double>(m.units_shipped_on_time) / m.units_ordered;
  if (initial_units && log.end_s > 0 && area > 0) {
    const double mean_on_hand = area / log.end_s;
    m.inventory_turns = static_cast<double>(m.units_shipped) / mean_on_hand * (365.0 * 86400.0 / log.end_s);
  }
  return m;
}

}  // namespace pharmatwin::experiments
