// Reduces a time series to one (min, max) pair per pixel column of a chart, so that a spike of a
// single sample still shows however many samples share its column.
//
// Columns split [t0_s, t1_s) evenly; samples outside are skipped. Feed samples in any order.
//
//   MinMaxDecimator d(0, 86400, 600);   // a day over 600 pixels
//   for (i...) d.add(t[i], v[i]);
//   for (const auto& c : d.columns()) if (!c.empty) draw(c.lo, c.hi);
#pragma once

#include <vector>

namespace pharmatwin::viz {

struct MinMaxColumn {
  float lo = 0, hi = 0;
  bool empty = true;
};

class MinMaxDecimator {
 public:
  MinMaxDecimator(double t0_s, double t1_s, int columns);
  void add(double t_s, float value);
  const std::vector<MinMaxColumn>& columns() const { return columns_; }
  // Column of a time, -1 outside the window.
  int column_of(double t_s) const;

 private:
  double t0_s_, t1_s_, per_column_s_;
  std::vector<MinMaxColumn> columns_;
};

}  // namespace pharmatwin::viz
