#include "pharmatwin/sim/sensors.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace pharmatwin::sim {

SensorBank::SensorBank(std::vector<SensorConfig> sensors, const RandomStreams& streams) {
  std::map<double, std::size_t> class_of_interval;
  for (std::uint32_t i = 0; i < sensors.size(); ++i) {
    Sensor s{sensors[i], streams.stream("sensor", sensors[i].name), {}};
    auto [it, fresh] = class_of_interval.try_emplace(s.config.interval_s, classes_.size());
    if (fresh) classes_.push_back({s.config.interval_s, {}, {}});
    auto& cls = classes_[it->second];
    cls.sensors.push_back(i);
    if (std::find(cls.zones.begin(), cls.zones.end(), s.config.zone) == cls.zones.end()) {
      cls.zones.push_back(s.config.zone);
    }
    sensors_.push_back(std::move(s));
  }
}

void SensorBank::add_effect(std::uint32_t sensor, const SensorEffect& effect) {
  if (sensor < sensors_.size()) sensors_[sensor].effects.push_back(effect);
}

void SensorBank::end_effect(std::uint32_t sensor, std::uint32_t fault, double end_s) {
  if (sensor >= sensors_.size()) return;
  for (auto& e : sensors_[sensor].effects) {
    if (e.fault == fault && e.end_s > end_s) e.end_s = end_s;
  }
}

bool SensorBank::reading(Sensor& s, double t, double truth_c, double& value_c) {
  const double noise = s.config.noise_sigma_c * s.rng.normal();
  double offset = s.config.bias_c;
  bool dropped = false;
  const SensorEffect* stuck = nullptr;
  for (auto& e : s.effects) {
    if (t < e.start_s || t >= e.end_s) continue;
    switch (e.kind) {
      case SensorEffectKind::kDrift:
        offset += e.value / 86400.0 * (t - e.start_s);
        break;
      case SensorEffectKind::kBias:
        offset += e.value;
        break;
      case SensorEffectKind::kDropout:
        dropped = true;
        break;
      case SensorEffectKind::kStuck:
        if (std::isnan(e.value)) e.value = std::isnan(s.last_value_c) ? truth_c : s.last_value_c;
        stuck = &e;
        break;
    }
  }
  if (dropped) return false;
  value_c = stuck ? stuck->value : truth_c + offset + noise;
  s.last_value_c = value_c;
  return true;
}

void SensorBank::generate(double ta, double tb, const std::vector<ZoneClimate>& zones,
                          std::vector<adapters::SensorReading>& out) {
  for (auto& s : sensors_) {  // forget effects that are over
    std::erase_if(s.effects, [ta](const SensorEffect& e) { return e.end_s <= ta; });
  }
  struct Instant {
    double t;
    std::uint32_t cls;
    std::uint32_t k;  // index within the class's block
  };
  std::vector<Instant> instants;
  std::vector<std::size_t> class_offset(classes_.size() + 1, 0);
  std::vector<std::size_t> class_count(classes_.size(), 0);
  times_.clear();
  for (std::uint32_t c = 0; c < classes_.size(); ++c) {
    const double dt = classes_[c].interval_s;
    const auto k0 = static_cast<std::int64_t>(std::ceil(ta / dt));
    class_offset[c] = times_.size();
    for (std::int64_t k = k0;; ++k) {
      const double t = static_cast<double>(k) * dt;
      if (t >= tb) break;
      if (t < ta) continue;
      instants.push_back({t, c, static_cast<std::uint32_t>(times_.size() - class_offset[c])});
      times_.push_back(t);
    }
    class_count[c] = times_.size() - class_offset[c];
  }
  if (instants.empty()) return;
  if (classes_.size() > 1) {
    std::stable_sort(instants.begin(), instants.end(),
                     [](const Instant& a, const Instant& b) { return a.t < b.t; });
  }
  // True temperatures: [zone][time index within all classes].
  const std::size_t n_times = times_.size();
  air_.assign(zones.size() * n_times, 0.0);
  product_.assign(zones.size() * n_times, 0.0);
  for (std::uint32_t c = 0; c < classes_.size(); ++c) {
    if (class_count[c] == 0) continue;
    std::span<const double> ts(times_.data() + class_offset[c], class_count[c]);
    for (std::uint32_t z : classes_[c].zones) {
      zones[z].sample(ts, air_.data() + z * n_times + class_offset[c],
                      product_.data() + z * n_times + class_offset[c]);
    }
  }
  // Hot loop: streams move into a packed array for the block and back afterwards.
  hot_.resize(sensors_.size());
  for (std::size_t i = 0; i < sensors_.size(); ++i) {
    const auto& s = sensors_[i];
    hot_[i] = {s.rng,
               s.config.noise_sigma_c,
               s.config.bias_c,
               s.config.zone,
               s.config.kind == adapters::SensorKind::kProductSimulant,
               s.effects.empty(),
               s.last_value_c};
  }
  std::size_t upper = 0;
  for (const auto& inst : instants) upper += classes_[inst.cls].sensors.size();
  const std::size_t base = out.size();
  out.resize(base + upper);
  adapters::SensorReading* dst = out.data() + base;
  for (const auto& inst : instants) {
    const auto& cls = classes_[inst.cls];
    const std::size_t column = class_offset[inst.cls] + inst.k;
    const double* air_col = air_.data() + column;
    const double* prod_col = product_.data() + column;
    for (std::uint32_t id : cls.sensors) {
      Hot& h = hot_[id];
      const std::size_t cell = h.zone * n_times;
      const double truth = h.product ? prod_col[cell] : air_col[cell];
      double value;
      if (h.plain) [[likely]] {
        value = truth + h.bias_c + h.sigma_c * h.rng.normal();
        h.last_c = value;
      } else {
        Sensor& s = sensors_[id];
        s.rng = h.rng;
        const bool kept = reading(s, inst.t, truth, value);
        h.rng = s.rng;
        if (!kept) continue;
      }
      *dst++ = {inst.t, value, id, h.zone};
    }
  }
  out.resize(static_cast<std::size_t>(dst - out.data()));
  for (std::size_t i = 0; i < sensors_.size(); ++i) {
    sensors_[i].rng = hot_[i].rng;
    if (hot_[i].plain) sensors_[i].last_value_c = hot_[i].last_c;
  }
}

}  // namespace pharmatwin::sim
