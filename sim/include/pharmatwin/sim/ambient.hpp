// Temperature outside a zone, held constant over each hour of the run.
//
// The profile is mean + daily_amplitude cos(2 pi (time of day - peak) / 1 d)
// + seasonal_amplitude cos(2 pi (day of year - peak day) / 365.25 d), evaluated at the middle of
// each hour; an hourly CSV replaces it when given. Piecewise-constant ambient keeps the zone
// physics exact between events (an hourly step is the resolution of weather records anyway).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::sim {

inline constexpr double kAmbientStep_s = 3600;

class AmbientProfile {
 public:
  // From the scenario; reads `hourly_csv` relative to `base_dir`. Null with `error` on failure.
  static std::shared_ptr<const AmbientProfile> create(const scenario::Ambient& ambient,
                                                      double start_epoch_s,
                                                      const std::filesystem::path& base_dir,
                                                      std::string* error);
  // Ambient over [k h, (k+1) h) of simulated time, h = kAmbientStep_s.
  double step_c(std::int64_t k) const;
  double at_c(double t_s) const { return step_c(static_cast<std::int64_t>(t_s / kAmbientStep_s)); }

 private:
  double start_epoch_s_ = 0;
  double mean_c_ = 20, daily_amplitude_c_ = 0, daily_peak_s_ = 15 * 3600.0;
  double seasonal_amplitude_c_ = 0, seasonal_peak_day_ = 200;
  std::vector<double> hourly_c_;  // from the CSV, indexed by hour since hourly_origin_epoch_s_
  double hourly_origin_epoch_s_ = 0;
};

}  // namespace pharmatwin::sim
