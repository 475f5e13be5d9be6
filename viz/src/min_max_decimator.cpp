#include "pharmatwin/viz/min_max_decimator.hpp"

#include <algorithm>
#include <cmath>

namespace pharmatwin::viz {

MinMaxDecimator::MinMaxDecimator(double t0_s, double t1_s, int columns)
    : t0_s_(t0_s),
      t1_s_(t1_s),
      per_column_s_(columns > 0 && t1_s > t0_s ? (t1_s - t0_s) / columns : 0),
      columns_(columns > 0 && t1_s > t0_s ? static_cast<std::size_t>(columns) : 0) {}

int MinMaxDecimator::column_of(double t_s) const {
  if (columns_.empty() || !(t_s >= t0_s_) || !(t_s < t1_s_)) return -1;
  const int c = static_cast<int>((t_s - t0_s_) / per_column_s_);
  return std::min(c, static_cast<int>(columns_.size()) - 1);
}

void MinMaxDecimator::add(double t_s, float value) {
  if (std::isnan(value)) return;
  const int c = column_of(t_s);
  if (c < 0) return;
  auto& col = columns_[static_cast<std::size_t>(c)];
  if (col.empty) {
    col = {value, value, false};
  } else {
    col.lo = std::min(col.lo, value);
    col.hi = std::max(col.hi, value);
  }
}

}  // namespace pharmatwin::viz
