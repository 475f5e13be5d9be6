// Mean kinetic temperature (USP <1079.2>) accumulated one value at a time, for the reports' MKT of
// zones (ground truth) and sensors (every reading):
//
//   MktAccumulator m;
//   for (double c : readings) m.add(c);  // equally spaced: each counts the same
//   m.value_c();  // -ΔH/R / ln(mean(exp(-ΔH/(R·T_i)))) - 273.15, ΔH/R = 10,000 K
//
//   MktAccumulator w;
//   w.add(5.0, 72000);  // 20 h at 5 °C
//   w.add(15.0, 14400); // 4 h at 15 °C: the time-weighted mean of the exponentials
//
// The exponentials are taken relative to the first value so that cold series do not underflow.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

namespace pharmatwin::experiments {

inline constexpr double kMktActivationK = 10000.0;  // ΔH/R, 83.144 kJ/mol over R
inline constexpr double kKelvin = 273.15;

class MktAccumulator {
 public:
  // Non-finite values (a missing reading) and values with a weight that is not positive are left
  // out.
  void add(double celsius, double weight = 1.0) {
    if (!std::isfinite(celsius) || celsius <= -kKelvin || !(weight > 0) || !std::isfinite(weight))
      return;
    const double inv_t = 1.0 / (celsius + kKelvin);
    if (count_ == 0) reference_inv_t_ = inv_t;
    sum_ += weight * std::exp(-kMktActivationK * (inv_t - reference_inv_t_));
    weight_ += weight;
    ++count_;
  }
  std::uint64_t count() const { return count_; }
  std::optional<double> value_c() const {
    if (count_ == 0) return std::nullopt;
    const double mean = sum_ / weight_;
    return kMktActivationK / (kMktActivationK * reference_inv_t_ - std::log(mean)) - kKelvin;
  }

 private:
  double sum_ = 0, weight_ = 0, reference_inv_t_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace pharmatwin::experiments
