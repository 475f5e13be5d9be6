#include "pharmatwin/experiments/ground_truth.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "pharmatwin/experiments/mkt.hpp"

namespace pharmatwin::experiments {

std::optional<double> LotBudget::consumed_percent() const {
  if (!budget_s || *budget_s <= 0) return std::nullopt;
  return 100.0 * consumed_s / *budget_s;
}

std::optional<double> truth_mkt_c(const std::vector<TruthPoint>& truth, bool product) {
  MktAccumulator m;
  const std::size_t n = truth.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = truth[i];
    if (product && !p.has_product) continue;
    const double weight = i + 1 < n ? truth[i + 1].t_s - p.t_s
                          : n > 1   ? p.t_s - truth[i - 1].t_s
                                    : 1.0;
    m.add(product ? p.product_c : p.air_c, weight);
  }
  return m.value_c();
}

namespace {

void keep_max(std::optional<double>& v, double x) { v = v ? std::max(*v, x) : x; }
void keep_min(std::optional<double>& v, double x) { v = v ? std::min(*v, x) : x; }

// Peaks and time out of range from the samples (each sample stands for the interval after it).
void from_samples(const std::vector<TruthPoint>& truth, double end_s, ZoneTruthSummary& z) {
  z.basis = "truth_samples";
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const auto& p = truth[i];
    keep_max(z.peak_air_c, p.air_c);
    if (!p.has_product) continue;
    keep_max(z.peak_product_c, p.product_c);
    keep_min(z.lowest_product_c, p.product_c);
    if (p.product_c < z.min_c || p.product_c > z.max_c) {
      const double next = i + 1 < truth.size() ? truth[i + 1].t_s : end_s;
      z.out_of_range_s += std::max(0.0, next - p.t_s);
      if (!z.first_out_of_range_s) z.first_out_of_range_s = p.t_s;
    }
  }
}

void from_run_end(const sim::ZoneSummary& end, ZoneTruthSummary& z) {
  z.basis = "run_end";
  // A zone the world never accounted keeps its infinite starting extremes: no figure.
  auto finite = [](double v) { return std::isfinite(v) ? std::optional<double>(v) : std::nullopt; };
  z.peak_air_c = finite(end.peak_air_c());
  z.peak_product_c = finite(end.peak_product_c());
  z.lowest_product_c = finite(end.lowest_product_c());
  z.out_of_range_s = end.out_of_range_s();
  if (end.left_range()) z.first_out_of_range_s = end.first_out_of_range_s();
}

void lot_budgets(const RunLog& log, GroundTruthSummary& out) {
  std::map<std::string, LotBudget> lots;
  std::map<std::uint64_t, std::pair<std::string, std::string>> reviews;  // id -> (lot, zone)
  auto update = [&](const std::string& lot, const std::string& zone, double consumed,
                    std::optional<double> budget, double t, const char* basis) -> LotBudget& {
    auto& b = lots[lot];
    const bool first = b.lot.empty();
    b.lot = lot;
    if (b.zone.empty() && !zone.empty()) b.zone = zone;
    if (budget && *budget > 0) b.budget_s = budget;
    // Consumption only grows; of the lot's groups the worst counts.
    if (first || consumed > b.consumed_s) {
      b.consumed_s = consumed;
      b.as_of_s = t;
      b.basis = basis;
    }
    return b;
  };
  for (const auto& r : log.operations) {
    switch (r.record_case()) {
      case sim::OperationsRecord::kQaReviewQueued:
        reviews[r.qa_review_queued().review_id()] = {r.qa_review_queued().lot(),
                                                     r.qa_review_queued().zone()};
        break;
      case sim::OperationsRecord::kQaReviewDone: {
        const auto& d = r.qa_review_done();
        auto it = reviews.find(d.review_id());
        if (it == reviews.end() || it->second.first.empty()) break;
        update(it->second.first, it->second.second, d.consumed_budget_s(), d.budget_s(), r.t_s(),
               "qa_review");
        break;
      }
      case sim::OperationsRecord::kStabilityBudgetExhausted: {
        const auto& x = r.stability_budget_exhausted();
        auto& b =
            update(x.lot(), x.zone(), x.consumed_s(), x.budget_s(), r.t_s(), "budget_exhausted");
        if (!b.exhausted_s || r.t_s() < *b.exhausted_s) b.exhausted_s = r.t_s();
        break;
      }
      case sim::OperationsRecord::kCompromisedUnitShipped: {
        const auto& c = r.compromised_unit_shipped();
        if (c.reason() != "budget_exhausted") break;
        update(c.gtin() + "/" + c.lot(), "", c.consumed_budget_s(), std::nullopt, r.t_s(),
               "shipped");
        break;
      }
      default:
        break;
    }
  }
  for (auto& [key, b] : lots) out.lots.push_back(std::move(b));
}

}  // namespace

GroundTruthSummary summarize_ground_truth(const RunLog& log) {
  GroundTruthSummary out;
  static const std::vector<TruthPoint> kNone;
  for (int z = 0; z < log.header.zones_size(); ++z) {
    const auto& h = log.header.zones(z);
    ZoneTruthSummary zs;
    zs.zone = h.name();
    zs.min_c = std::min(h.min_c(), h.max_c());
    zs.max_c = std::max(h.min_c(), h.max_c());
    const auto& truth = z < static_cast<int>(log.truth.size()) ? log.truth[z] : kNone;
    const sim::ZoneSummary* end = nullptr;
    if (log.run_end) {
      for (const auto& e : log.run_end->zones())
        if (e.name() == h.name()) end = &e;
    }
    if (end) {
      from_run_end(*end, zs);
    } else {
      from_samples(truth, log.end_s, zs);
    }
    zs.mkt_air_c = truth_mkt_c(truth, false);
    zs.mkt_product_c = truth_mkt_c(truth, true);
    zs.truth_samples = truth.size();
    if (truth.size() >= 2) zs.truth_interval_s = truth[1].t_s - truth[0].t_s;
    out.zones.push_back(std::move(zs));
  }
  for (int s = 0; s < static_cast<int>(log.reading_mkt.size()); ++s) {
    const auto& m = log.reading_mkt[s];
    if (m.count() == 0 || s >= log.header.sensors_size()) continue;
    const auto& h = log.header.sensors(s);
    const int zone = log.sensor_zone(s);
    out.sensors.push_back(
        {h.name(), zone >= 0 && zone < log.header.zones_size() ? log.header.zones(zone).name() : "",
         h.kind(), m.count(), *m.value_c()});
  }
  lot_budgets(log, out);
  return out;
}

}  // namespace pharmatwin::experiments
