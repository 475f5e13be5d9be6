// Experiment designs beyond the full factorial: Monte Carlo variants drawn by Latin hypercube
// sampling from a distribution per field, and one-at-a-time sensitivity around the base.
//
//   auto d = parse_distribution("zones[cold-room].backup_power.start_delay~triangular(1m,5m,30m)",
//                               "--vary 1", &problems);
//   SweepPlan mc = monte_carlo_plan(base, file, {}, {*d}, 20, /*seed=*/1, &problems);  // mc1..mc20
//   SweepPlan s = sensitivity_plan(base, file, {}, vary, &problems);  // base, <field>-low, -high
//   for (const auto& e : sensitivity_effects(table, records, "zone.cold-room.out_of_range_s")) ...
//
// The draws depend on the seed only (own generator and inverse distribution functions), so the
// same command gives the same variants on every machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/experiments/sweep_plan.hpp"
#include "pharmatwin/experiments/sweep_results.hpp"

namespace pharmatwin::experiments {

struct DistributionSpec {
  std::string path, shape;     // shape: uniform, triangular, normal, lognormal
  std::vector<double> params;  // in the field's unit (seconds for durations)
  std::string origin;
};

// "PATH~uniform(a,b)", "~triangular(min,mode,max)", "~normal(mean,sd)", "~lognormal(mean,sd)"
// (mean and sd of the value itself); parameters written like the field's values ("5m", 4.5).
std::optional<DistributionSpec> parse_distribution(const std::string& text,
                                                   const std::string& origin,
                                                   const scenario::Scenario& base,
                                                   std::vector<Diagnostic>* problems);

// The value at probability u (0 < u < 1) of the distribution.
double distribution_quantile(const DistributionSpec& d, double u);

// `count` variants mc1..mcN: per field a Latin hypercube of `count` strata in an order shuffled
// by `seed`, one draw in each.
SweepPlan monte_carlo_plan(const scenario::Scenario& base, const std::filesystem::path& base_file,
                           const std::vector<Override>& fixed,
                           const std::vector<DistributionSpec>& fields, int count,
                           std::uint64_t seed, std::vector<Diagnostic>* problems);

// The base, then per field its low and high value (the first and last of its --vary values)
// with every other field at the base's: ids "base", "<n>-low", "<n>-high" (n the field's number).
SweepPlan sensitivity_plan(const scenario::Scenario& base, const std::filesystem::path& base_file,
                           const std::vector<Override>& fixed, const std::vector<VarySpec>& vary,
                           std::vector<Diagnostic>* problems);

struct Effect {
  std::string field, low, high;
  Estimate low_mean, high_mean;
  Estimate difference;  // high - low, paired by replication
};

// Per field of a sensitivity plan, the effect on `metric`, largest |mean difference| first.
std::vector<Effect> sensitivity_effects(const SweepTable& table,
                                        const std::vector<RunRecordLine>& records,
                                        const std::string& metric);

}  // namespace pharmatwin::experiments
