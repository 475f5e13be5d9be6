#include "pharmatwin/detection/baseline.hpp"

#include <algorithm>

namespace pharmatwin::detection {

CycleDetector::Event CycleDetector::update(double min_amplitude, TimeMs time_ms, double value) {
  if (extreme_ms_ == kNoTime) {
    extreme_ = value;
    extreme_ms_ = time_ms;
    return kNone;
  }
  if (direction_ >= 0) {
    if (value >= extreme_) {
      extreme_ = value;
      extreme_ms_ = time_ms;
      if (direction_ == 0) direction_ = 1;
    } else if (value < extreme_ - min_amplitude) {
      const bool was_rising = direction_ == 1;
      previous_peak_ms_ = last_peak_ms_;
      last_peak_ms_ = extreme_ms_;
      last_peak_value_ = extreme_;
      direction_ = -1;
      extreme_ = value;
      extreme_ms_ = time_ms;
      return was_rising ? kPeak : kNone;
    }
  } else {
    if (value <= extreme_) {
      extreme_ = value;
      extreme_ms_ = time_ms;
    } else if (value > extreme_ + min_amplitude) {
      last_trough_ms_ = extreme_ms_;
      last_trough_value_ = extreme_;
      direction_ = 1;
      extreme_ = value;
      extreme_ms_ = time_ms;
      return kTrough;
    }
  }
  return kNone;
}

BaselineScore ZoneBaseline::observe(TimeMs learn_ms, double min_sigma, TimeMs time_ms,
                                    double median_c, bool learn) {
  if (first_ms_ == kNoTime) first_ms_ = time_ms;
  roll_door_hour(time_ms);
  // The hour of the day changes once an hour: no divisions for the other periods.
  if (hour_start_ms_ == kNoTime || time_ms < hour_start_ms_ ||
      time_ms - hour_start_ms_ >= kMsPerHour) {
    hour_ = hour_of_day(time_ms);
    const TimeMs in_hour = ((time_ms % kMsPerHour) + kMsPerHour) % kMsPerHour;
    hour_start_ms_ = time_ms - in_hour;
  }
  BaselineScore score;
  RunningStats& bin = hours_[static_cast<std::size_t>(hour_)];
  score.learning = time_ms - first_ms_ < learn_ms;
  // An hour of the day is judged only once it has been seen often enough to know its spread.
  constexpr double kMinSamples = 30.0;
  if (!score.learning && bin.count >= kMinSamples) {
    score.level_z = (median_c - bin.mean) / std::max(bin.sigma(), min_sigma);
  }
  // Learn during the learning phase, and afterwards only from normal-looking periods.
  if (learn && (score.learning || std::fabs(score.level_z) < 3.0)) bin.add(median_c, 20000.0);
  return score;
}

void ZoneBaseline::roll_door_hour(TimeMs time_ms) {
  if (door_hour_index_ >= 0 && time_ms >= door_hour_index_ * kMsPerHour &&
      time_ms < (door_hour_index_ + 1) * kMsPerHour) {
    return;  // same hour
  }
  const std::int64_t hour_index = time_ms / kMsPerHour;
  if (door_hour_index_ < 0) {
    door_hour_index_ = hour_index;
    return;
  }
  while (door_hour_index_ < hour_index) {
    door_hours_[static_cast<std::size_t>(hour_of_day(door_hour_index_ * kMsPerHour))].add(
        doors_this_hour_, 60.0);
    doors_this_hour_ = 0;
    ++door_hour_index_;
    if (hour_index - door_hour_index_ > 48) door_hour_index_ = hour_index;  // long silence
  }
}

void ZoneBaseline::observe_door_event(TimeMs time_ms) {
  roll_door_hour(time_ms);
  ++doors_this_hour_;
}

double ZoneBaseline::door_rate_per_hour(int h) const {
  return door_hours_[static_cast<std::size_t>(h)].mean;
}

}  // namespace pharmatwin::detection
