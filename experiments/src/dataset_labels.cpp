#include "pharmatwin/experiments/dataset_labels.hpp"

#include <algorithm>
#include <limits>

namespace pharmatwin::experiments {

namespace {

constexpr double kForever = std::numeric_limits<double>::infinity();

constexpr std::array<SampleLabel, kSampleLabelCount> kLabels = {
    SampleLabel::kNormal,        SampleLabel::kExcursion,      SampleLabel::kDoorLeftOpen,
    SampleLabel::kHvacDegraded,  SampleLabel::kHvacFailure,    SampleLabel::kPowerOutage,
    SampleLabel::kSensorDrift,   SampleLabel::kSensorBiasStep, SampleLabel::kSensorStuck,
    SampleLabel::kSensorDropout,
};

bool is_sensor_label(SampleLabel l) { return l >= SampleLabel::kSensorDrift; }

// Where the segment from (ta, va) to (tb, vb) crosses `bound`.
double crossing(double ta, double va, double tb, double vb, double bound) {
  if (vb == va) return ta;
  return ta + (bound - va) / (vb - va) * (tb - ta);
}

std::vector<std::pair<double, double>> excursions(const std::vector<TruthPoint>& points,
                                                  double min_c, double max_c) {
  std::vector<std::pair<double, double>> out;
  auto value = [](const TruthPoint& p) { return p.has_product ? p.product_c : p.air_c; };
  auto outside = [&](double v) { return v < min_c || v > max_c; };
  bool open = false;
  double since = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double v = value(points[i]);
    if (i == 0) {
      if (outside(v)) open = true, since = points[i].t_s;
      continue;
    }
    const double ta = points[i - 1].t_s, va = value(points[i - 1]), tb = points[i].t_s;
    if (!open && outside(v)) {
      since = crossing(ta, va, tb, v, v > max_c ? max_c : min_c);
      open = true;
    } else if (open && !outside(v)) {
      out.emplace_back(since, crossing(ta, va, tb, v, va > max_c ? max_c : min_c));
      open = false;
    }
  }
  if (open) out.emplace_back(since, kForever);
  return out;
}

bool inside(const std::vector<std::pair<double, double>>& intervals, double t) {
  auto it =
      std::upper_bound(intervals.begin(), intervals.end(), t,
                       [](double v, const std::pair<double, double>& iv) { return v < iv.first; });
  if (it == intervals.begin()) return false;
  --it;
  return t < it->second;
}

}  // namespace

std::string_view label_name(SampleLabel label) {
  switch (label) {
    case SampleLabel::kNormal:
      return "normal";
    case SampleLabel::kExcursion:
      return "excursion";
    case SampleLabel::kDoorLeftOpen:
      return "door_left_open";
    case SampleLabel::kHvacDegraded:
      return "hvac_degraded";
    case SampleLabel::kHvacFailure:
      return "hvac_failure";
    case SampleLabel::kPowerOutage:
      return "power_outage";
    case SampleLabel::kSensorDrift:
      return "sensor_drift";
    case SampleLabel::kSensorBiasStep:
      return "sensor_bias_step";
    case SampleLabel::kSensorStuck:
      return "sensor_stuck";
    case SampleLabel::kSensorDropout:
      return "sensor_dropout";
  }
  return "normal";
}

const std::array<SampleLabel, kSampleLabelCount>& all_sample_labels() { return kLabels; }

bool label_of_fault_kind(std::string_view kind, SampleLabel* label) {
  for (SampleLabel l : kLabels) {
    if (l == SampleLabel::kNormal || l == SampleLabel::kExcursion) continue;
    if (label_name(l) == kind) {
      *label = l;
      return true;
    }
  }
  return false;
}

SampleLabeller::SampleLabeller(const RunLog& log) {
  const auto& header = log.header;
  const int sensors = header.sensors_size();
  by_sensor_.resize(sensors);
  zone_of_sensor_.resize(sensors, -1);
  for (int s = 0; s < sensors; ++s) {
    const auto& sensor = header.sensors(s);
    const int zone = static_cast<int>(sensor.zone()) < header.zones_size()
                         ? static_cast<int>(sensor.zone())
                         : -1;
    zone_of_sensor_[s] = zone;
    for (std::size_t f = 0; f < log.faults.size(); ++f) {
      const auto& fault = log.faults[f];
      SampleLabel label;
      if (!label_of_fault_kind(fault.kind, &label)) continue;
      const bool acts = is_sensor_label(label)
                            ? fault.sensor == sensor.name()
                            : zone >= 0 && fault.covers_zone(header.zones(zone).name());
      if (acts) by_sensor_[s].push_back({f, label, fault.start_s, fault.end_s.value_or(kForever)});
    }
  }
  out_of_range_.resize(header.zones_size());
  for (int z = 0; z < header.zones_size(); ++z) {
    if (z < static_cast<int>(log.truth.size()))
      out_of_range_[z] = excursions(log.truth[z], header.zones(z).min_c(), header.zones(z).max_c());
  }
}

SampleTruth SampleLabeller::at(std::uint32_t sensor, double t) const {
  SampleTruth out;
  at(sensor, t, out);
  return out;
}

void SampleLabeller::at(std::uint32_t sensor, double t, SampleTruth& out) const {
  out.label = SampleLabel::kNormal;
  out.faults.clear();
  out.product_out_of_range = false;
  if (sensor >= by_sensor_.size()) return;
  for (const auto& a : by_sensor_[sensor]) {
    if (t < a.start_s || t >= a.end_s) continue;
    out.faults.push_back(a.fault);
    out.label = std::max(out.label, a.label);
  }
  const int zone = zone_of_sensor_[sensor];
  out.product_out_of_range = zone >= 0 && inside(out_of_range_[zone], t);
  if (out.label == SampleLabel::kNormal && out.product_out_of_range)
    out.label = SampleLabel::kExcursion;
}

}  // namespace pharmatwin::experiments
