// Seeded random streams, one per entity.
//
// Every entity of the world (a sensor, a door, a pharmacy, a crew...) draws from its own stream,
// seeded by hash(run seed, entity kind, entity name). Adding or removing an entity therefore
// never changes the numbers another entity sees, and a run is reproducible from its seed.
//
// The generator is xoshiro256** (seeded through SplitMix64); normal variates use a 256-layer
// ziggurat, so a normal draw costs a few nanoseconds in the common case.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

namespace pharmatwin::sim {

// SplitMix64 step: advances `state` and returns a well-mixed 64-bit value.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// 64-bit FNV-1a of a name; stable across platforms and runs.
constexpr std::uint64_t hash_name(std::string_view text) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

// Seed of the stream of entity (`kind`, `name`) in a run seeded with `run_seed`.
constexpr std::uint64_t stream_seed(std::uint64_t run_seed, std::string_view kind,
                                    std::string_view name) {
  std::uint64_t state = run_seed;
  std::uint64_t a = splitmix64(state) ^ hash_name(kind);
  state = a;
  std::uint64_t b = splitmix64(state) ^ hash_name(name);
  state = b;
  return splitmix64(state);
}

namespace detail {
// Ziggurat tables for the standard normal density f(x) = exp(-x^2/2), 256 layers.
struct NormalZiggurat {
  static constexpr int kLayers = 256;
  static constexpr double kR = 3.6541528853610088;   // start of the tail
  static constexpr double kArea = 0.00492867323399;  // area of each layer
  std::array<double, kLayers + 1> x{};  // x[0] = base strip width, x[1] = kR, x[256] = 0
  std::array<double, kLayers + 1> f{};  // f(x[i])
  NormalZiggurat() {
    const double f_r = std::exp(-0.5 * kR * kR);
    x[0] = kArea / f_r;
    x[1] = kR;
    for (int i = 1; i < kLayers; ++i) {
      const double y = kArea / x[i] + std::exp(-0.5 * x[i] * x[i]);
      x[i + 1] = y < 1.0 ? std::sqrt(-2.0 * std::log(y)) : 0.0;
    }
    x[kLayers] = 0.0;
    for (int i = 0; i <= kLayers; ++i) f[i] = std::exp(-0.5 * x[i] * x[i]);
    f[0] = f_r;  // the base strip's top is the density at kR
  }
};
// Built during static initialisation; nothing draws normals before main().
inline const NormalZiggurat kNormalZiggurat{};
inline const NormalZiggurat& normal_ziggurat() { return kNormalZiggurat; }
}  // namespace detail

// A random stream: xoshiro256**. Satisfies UniformRandomBitGenerator.
class RandomStream {
 public:
  using result_type = std::uint64_t;

  explicit RandomStream(std::uint64_t seed = 0) { reseed(seed); }

  void reseed(std::uint64_t seed) {
    std::uint64_t sm = seed;
    for (auto& word : s_) word = splitmix64(sm);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() { return next_u64(); }

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe for log().
  double uniform01_open_low() { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-64 * n).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next_u64()) * n) >> 64);
  }
  bool bernoulli(double p) { return uniform01() < p; }

  // Standard normal (ziggurat): the common case is inline, the rest out of line.
  inline __attribute__((always_inline)) double normal() {
    const auto& z = detail::kNormalZiggurat;
    const std::uint64_t bits = next_u64();
    const int layer = static_cast<int>(bits & 0xFF);
    const double u = static_cast<double>(bits >> 11) * 0x1.0p-53;
    const double v = u * z.x[layer];
    if (v < z.x[layer + 1]) [[likely]]
      return (bits & 0x100) ? -v : v;
    return normal_slow(bits);
  }

  __attribute__((noinline)) double normal_slow(std::uint64_t bits) {
    const auto& z = detail::kNormalZiggurat;
    for (bool first = true;; first = false) {
      if (!first) bits = next_u64();
      const int layer = static_cast<int>(bits & 0xFF);
      const double sign = (bits & 0x100) ? -1.0 : 1.0;
      const double u = static_cast<double>(bits >> 11) * 0x1.0p-53;
      const double v = u * z.x[layer];
      if (v < z.x[layer + 1]) return sign * v;  // inside the layer's inner rectangle
      if (layer == 0) {                         // the tail beyond kR
        for (;;) {
          const double a = -std::log(uniform01_open_low()) / z.kR;
          const double b = -std::log(uniform01_open_low());
          if (2.0 * b > a * a) return sign * (z.kR + a);
        }
      }
      // The wedge between the inner rectangle and the curve.
      const double y = z.f[layer] + uniform01() * (z.f[layer + 1] - z.f[layer]);
      if (y < std::exp(-0.5 * v * v)) return sign * v;
    }
  }
  double normal(double mean, double stddev) { return mean + stddev * normal(); }

  double exponential(double mean) { return -mean * std::log(uniform01_open_low()); }

  // Triangular on [lo, hi] with mode `mode`.
  double triangular(double lo, double mode, double hi) {
    const double u = uniform01();
    const double split = (hi > lo) ? (mode - lo) / (hi - lo) : 0.5;
    if (u < split) return lo + std::sqrt(u * (hi - lo) * (mode - lo));
    return hi - std::sqrt((1.0 - u) * (hi - lo) * (hi - mode));
  }

  // Lognormal given the mean and standard deviation of the variable itself.
  double lognormal_mean_sd(double mean, double stddev) {
    if (mean <= 0) return 0;
    const double s2 = std::log1p((stddev * stddev) / (mean * mean));
    const double mu = std::log(mean) - 0.5 * s2;
    return std::exp(mu + std::sqrt(s2) * normal());
  }

  // Poisson count (inversion for small means, normal approximation above 500).
  std::uint64_t poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 500) {
      const double v = std::round(normal(mean, std::sqrt(mean)));
      return v < 0 ? 0 : static_cast<std::uint64_t>(v);
    }
    // Multiplication method, split into chunks so exp() never underflows.
    std::uint64_t k = 0;
    double remaining = mean;
    while (remaining > 0) {
      const double step = remaining > 50 ? 50 : remaining;
      remaining -= step;
      const double limit = std::exp(-step);
      double product = uniform01_open_low();
      while (product > limit) {
        ++k;
        product *= uniform01_open_low();
      }
    }
    return k;
  }

  // Geometric count >= 1 with the given mean (>= 1).
  std::uint64_t geometric(double mean) {
    if (mean <= 1) return 1;
    const double p = 1.0 / mean;
    return 1 +
           static_cast<std::uint64_t>(std::floor(std::log(uniform01_open_low()) / std::log1p(-p)));
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

// Factory of per-entity streams for one run.
class RandomStreams {
 public:
  explicit RandomStreams(std::uint64_t run_seed = 0) : run_seed_(run_seed) {}
  std::uint64_t run_seed() const { return run_seed_; }
  // Kinds in use: "sensor", "door", "zone", "fault"; the operations half uses its own kinds
  // ("pharmacy", "lane", "crew", "shipment", ...).
  RandomStream stream(std::string_view kind, std::string_view name) const {
    return RandomStream(stream_seed(run_seed_, kind, name));
  }

 private:
  std::uint64_t run_seed_;
};

}  // namespace pharmatwin::sim
