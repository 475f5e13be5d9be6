#include "pharmatwin/experiments/operations_metrics.hpp"

#include <map>

namespace pharmatwin::experiments {

namespace {
struct Line {
  std::uint64_t units = 0, shipped = 0, on_time = 0;
  bool lost = false;  // closed by an order_lost record
};

std::optional<double> percent(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return std::nullopt;
  return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}
}  // namespace

OperationsMetrics operations_metrics(const RunLog& log,
                                     std::optional<std::uint64_t> initial_units) {
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
        lines[r.order_placed().order_id()].units = r.order_placed().units();
        break;
      case sim::OperationsRecord::kOrderShipped: {
        const auto& s = r.order_shipped();
        Line& line = lines[s.order_id()];
        m.units_shipped += s.units_shipped();
        line.shipped += s.units_shipped();
        on_hand -= s.units_shipped();
        if (s.on_time()) {
          m.units_shipped_on_time += s.units_shipped();
          line.on_time += s.units_shipped();
        } else {
          m.units_shipped_late += s.units_shipped();
        }
        break;
      }
      case sim::OperationsRecord::kOrderLost:
        ++m.lines_lost;
        m.units_lost += r.order_lost().units_lost();
        lines[r.order_lost().order_id()].lost = true;
        break;
      case sim::OperationsRecord::kShipmentReceived:
        m.units_received += r.shipment_received().packs();
        on_hand += r.shipment_received().packs();
        break;
      case sim::OperationsRecord::kStockStatusChanged: {
        const auto& c = r.stock_status_changed();
        if (c.to() == sim::QUARANTINED) {
          ++m.quarantine_actions;
          m.units_quarantined += c.units_first_quarantined();
          m.units_requarantined += c.units() - c.units_first_quarantined();
        }
        if (c.to() == sim::ON_HOLD) m.units_on_hold += c.units();
        if (c.to() == sim::AVAILABLE) m.units_released += c.units();
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
        m.qa_reviews_held += r.qa_review_done().held() ? 1 : 0;
        m.qa_units_reviewed += r.qa_review_done().units();
        break;
      case sim::OperationsRecord::kCompromisedUnitShipped:
        m.compromised_units_shipped += r.compromised_unit_shipped().units();
        break;
      case sim::OperationsRecord::kDecisionApplied:
        if (!r.decision_applied().duplicate()) ++m.decisions_applied;
        break;
      default:
        break;
    }
  }
  advance(log.end_s);
  if (started) m.qa_mean_wait_s = waited_total / static_cast<double>(started);
  // Every placed line is filled on time, lost (order_lost) or open: not closed and short at the
  // horizon (the log's order_open records say the same).
  for (const auto& [id, line] : lines) {
    ++m.lines_ordered;
    m.units_ordered += line.units;
    if (line.lost) continue;
    if (line.on_time >= line.units) {
      ++m.lines_filled_on_time;
    } else {
      ++m.lines_open;
      m.units_open += line.shipped < line.units ? line.units - line.shipped : 0;
    }
  }
  m.fill_rate_percent = percent(m.units_shipped_on_time, m.units_ordered - m.units_open);
  m.line_fill_rate_percent = percent(m.lines_filled_on_time, m.lines_ordered - m.lines_open);
  if (initial_units && log.end_s > 0 && area > 0) {
    const double mean_on_hand = area / log.end_s;
    m.inventory_turns =
        static_cast<double>(m.units_shipped) / mean_on_hand * (365.0 * 86400.0 / log.end_s);
  }
  return m;
}

}  // namespace pharmatwin::experiments
