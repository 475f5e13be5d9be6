// Mean kinetic temperature (USP <1079.2>) of equally spaced temperatures, accumulated one value
// at a time:
//
//   MktAccumulator m;
//   for (double c : readings) m.add(c);
//   m.value_c();  // -ΔH/R / ln(mean(exp(-ΔH/(R·T_i)))) - 273.15, ΔH/R = 10,000 K
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
  // Non-finite values (a missing reading) are left out.
  void add(double celsius) {
    if (!std::isfinite(celsius) || celsius <= -kKelvin) return;
    const double inv_t = 1.0 / (celsius + kKelvin);
    if (count_ == 0) reference_inv_t_ = inv_t;
    sum_ += std::exp(-kMktActivationK * (inv_t - reference_inv_t_));
    ++count_;
  }
  std::uint64_t count() const { return count_; }
  std::optional<double> value_c() const {
    if (count_ == 0) return std::nullopt;
    const double mean = sum_ / static_cast<double>(count_);
    return kMktActivationK / (kMktActivationK * reference_inv_t_ - std::log(mean)) - kKelvin;
  }

 private:
  double sum_ = 0, reference_inv_t_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace pharmatwin::experiments
