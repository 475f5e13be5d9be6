#include <algorithm>
#include <cmath>

#include "pharmatwin/scenarios/units.hpp"
#include "pharmatwin/sim/operations_random.hpp"

namespace pharmatwin::sim {
namespace {

double duration_or_zero(const std::string& text, const char* field, std::string* error) {
  if (text.empty()) return 0;
  std::string why;
  auto value = scenarios::parse_duration_s(text, &why);
  if (!value) {
    if (error && error->empty()) *error = std::string(field) + ": " + why;
    return 0;
  }
  return *value;
}

}  // namespace

Sampler Sampler::of(const scenario::DurationDistribution& d, std::string* error) {
  Sampler s;
  s.shape = d.shape() == scenario::SHAPE_UNSPECIFIED ? scenario::FIXED : d.shape();
  s.mean = duration_or_zero(d.mean(), "mean", error);
  s.min = duration_or_zero(d.min(), "min", error);
  s.max = duration_or_zero(d.max(), "max", error);
  s.mode = duration_or_zero(d.mode(), "mode", error);
  s.stddev = duration_or_zero(d.stddev(), "stddev", error);
  return s;
}

Sampler Sampler::of(const scenario::CountDistribution& d) {
  Sampler s;
  s.shape = d.shape() == scenario::SHAPE_UNSPECIFIED ? scenario::FIXED : d.shape();
  s.mean = d.mean();
  s.min = d.min();
  s.max = d.max();
  s.mode = d.mode();
  s.stddev = d.stddev();
  return s;
}

Sampler Sampler::fixed(double value) {
  Sampler s;
  s.mean = value;
  return s;
}

Sampler Sampler::exponential(double mean) {
  Sampler s;
  s.shape = scenario::EXPONENTIAL;
  s.mean = mean;
  return s;
}

double Sampler::draw(RandomStream& rng) const {
  switch (shape) {
    case scenario::EXPONENTIAL:
      return rng.exponential(mean);
    case scenario::UNIFORM:
      return rng.uniform(min, max);
    case scenario::TRIANGULAR:
      return rng.triangular(min, mode, max);
    case scenario::LOGNORMAL:
      return rng.lognormal_mean_sd(mean, stddev);
    case scenario::NORMAL: {
      // Truncated at `min` by redrawing; a few tries, then the bound itself.
      for (int i = 0; i < 64; ++i) {
        double v = rng.normal(mean, stddev);
        if (v >= min) return v;
      }
      return min;
    }
    case scenario::POISSON:
      return double(rng.poisson(mean));
    case scenario::GEOMETRIC:
      return double(rng.geometric(mean));
    default:
      return mean;
  }
}

double normal_outside_probability(double mean, double sigma, double min_c, double max_c) {
  if (sigma <= 0) return (mean < min_c || mean > max_c) ? 1.0 : 0.0;
  auto cdf = [&](double x) { return 0.5 * std::erfc(-(x - mean) / (sigma * std::sqrt(2.0))); };
  return std::clamp(cdf(min_c) + (1.0 - cdf(max_c)), 0.0, 1.0);
}

}  // namespace pharmatwin::sim
