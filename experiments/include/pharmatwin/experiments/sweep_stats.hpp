// Statistics of replicated runs: mean, standard deviation and Student-t confidence intervals of
// a sample, and of paired differences (common random numbers: replication r of every variant
// runs on the same seed, so variant minus base is compared replication by replication).
//
//   t_quantile(0.975, 9);                       // 2.2621571627...
//   const Estimate e = estimate({3.1, 2.9, 3.4, 3.0});
//   e.mean; e.sd; e.half_width;                 // 95 % CI: mean ± half_width
//   const Estimate d = paired_difference({{3.1, 2.0}, {2.9, 2.2}});  // of x - y
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace pharmatwin::experiments {

// Standard normal quantile: Φ⁻¹(p), 0 < p < 1 (relative error below 1e-14).
double normal_quantile(double p);
// Standard normal distribution function Φ(x).
double normal_cdf(double x);
// Student t distribution function with `df` > 0 degrees of freedom.
double t_cdf(double t, double df);
// Student t quantile: the t with t_cdf(t, df) = p, 0 < p < 1.
double t_quantile(double p, double df);

struct Estimate {
  std::size_t n = 0;
  double mean = 0;
  double sd = 0;  // sample standard deviation (n - 1); 0 when n < 2
  // Half-width of the two-sided confidence interval; nullopt when n < 2.
  std::optional<double> half_width;
  double low() const { return mean - half_width.value_or(0); }
  double high() const { return mean + half_width.value_or(0); }
};

// Of the values; `confidence` e.g. 0.95.
Estimate estimate(const std::vector<double>& values, double confidence = 0.95);

// Of x - y over the pairs.
Estimate paired_difference(const std::vector<std::pair<double, double>>& pairs,
                           double confidence = 0.95);

// True when the two intervals share no point (both need a half-width).
bool intervals_disjoint(const Estimate& a, const Estimate& b);

}  // namespace pharmatwin::experiments
