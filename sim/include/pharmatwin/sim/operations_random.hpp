// Scenario distributions compiled once into samplers that draw from a RandomStream.
#pragma once

#include <string>

#include "pharmatwin/scenario.pb.h"
#include "pharmatwin/sim/random.hpp"

namespace pharmatwin::sim {

struct Sampler {
  scenario::Shape shape = scenario::FIXED;
  double mean = 0, min = 0, max = 0, mode = 0, stddev = 0;

  double draw(RandomStream& rng) const;
  // Sampler of a duration distribution (strings with units); `error` names the bad field.
  static Sampler of(const scenario::DurationDistribution& d, std::string* error = nullptr);
  static Sampler of(const scenario::CountDistribution& d);
  static Sampler fixed(double value);
  static Sampler exponential(double mean);
};

// Probability that a normal variable N(mean, sigma) lies outside [min_c, max_c].
double normal_outside_probability(double mean, double sigma, double min_c, double max_c);

}  // namespace pharmatwin::sim
