// Ground-truth labels of sensor samples, for labelled datasets (`pharmatwin export-dataset`).
//
//   const SampleLabeller labeller(log);            // log: read_run_log(path, false).log
//   const SampleTruth s = labeller.at(sensor, t);  // s.label, s.faults (indices into log.faults)
//   label_name(s.label);                           // "hvac_failure"
//
// A sample of sensor S at time t gets the label of the most specific cause acting on it:
//  1. a fault of S itself active at t (onset <= t < end): sensor_dropout, sensor_stuck,
//     sensor_bias_step, sensor_drift, in that order when several are;
//  2. else a fault of S's zone active at t: power_outage, hvac_failure, hvac_degraded,
//     door_left_open, in that order (a power outage without zones covers every zone);
//  3. else `excursion` when the zone's true product temperature is outside the zone's storage
//     range at t (the ground-truth samples of the log, linearly interpolated; the air temperature
//     for a zone whose samples carry no product temperature): the recovery after a fault, or an
//     excursion no scheduled fault explains;
//  4. else `normal`.
// Faults that do not act on temperatures or sensors (counterfeit, serialization_exception,
// channel_fault) label no sample. Labels are named after the scenario's fault kinds.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "pharmatwin/experiments/run_log.hpp"

namespace pharmatwin::experiments {

// In increasing priority (a later label wins over an earlier one).
enum class SampleLabel : std::uint8_t {
  kNormal,
  kExcursion,
  kDoorLeftOpen,
  kHvacDegraded,
  kHvacFailure,
  kPowerOutage,
  kSensorDrift,
  kSensorBiasStep,
  kSensorStuck,
  kSensorDropout,
};
inline constexpr std::size_t kSampleLabelCount = 10;

std::string_view label_name(SampleLabel label);
// Every label, in the order above.
const std::array<SampleLabel, kSampleLabelCount>& all_sample_labels();
// The label a fault kind gives its samples (the scenario oneof field name); false for kinds that
// label none.
bool label_of_fault_kind(std::string_view kind, SampleLabel* label);

struct SampleTruth {
  SampleLabel label = SampleLabel::kNormal;
  // Faults acting on the sample (indices into RunLog::faults, onset order), whether or not they
  // gave the label.
  std::vector<std::size_t> faults;
  bool product_out_of_range = false;  // the zone's true product temperature, as in 3.
};

class SampleLabeller {
 public:
  explicit SampleLabeller(const RunLog& log);

  // `sensor`: header sensor index. Times of one sensor may come in any order.
  SampleTruth at(std::uint32_t sensor, double t) const;
  // The same, into `out` (reuses its buffer).
  void at(std::uint32_t sensor, double t, SampleTruth& out) const;

  // Intervals [start, end) where zone z's product is out of range, in time order.
  const std::vector<std::pair<double, double>>& out_of_range(std::uint32_t zone) const {
    return out_of_range_[zone];
  }

 private:
  struct Acting {
    std::size_t fault;
    SampleLabel label;
    double start_s, end_s;
  };
  std::vector<std::vector<Acting>> by_sensor_;  // faults of the sensor or its zone, onset order
  std::vector<std::vector<std::pair<double, double>>> out_of_range_;  // by zone
  std::vector<int> zone_of_sensor_;
};

}  // namespace pharmatwin::experiments
