#include "pharmatwin/sim/thermal.hpp"

#include <algorithm>
#include <array>

namespace pharmatwin::sim {
namespace {

constexpr double kMinConductance = 1e-9;  // keeps the equilibrium finite

struct Curve {  // f(s) = c + k1 e^(l1 s) + k2 e^(l2 s)
  double c, k1, k2, l1, l2;
  double at(double s) const { return c + k1 * std::exp(l1 * s) + k2 * std::exp(l2 * s); }
  double slope(double s) const { return k1 * l1 * std::exp(l1 * s) + k2 * l2 * std::exp(l2 * s); }
  // Where the slope vanishes, if anywhere (at most once: a sum of two exponentials).
  std::optional<double> stationary() const {
    const double a = k1 * l1, b = k2 * l2;
    if (a == 0 || b == 0 || l1 == l2) return std::nullopt;
    const double ratio = -b / a;
    if (ratio <= 0) return std::nullopt;
    return std::log(ratio) / (l1 - l2);
  }
};

Curve curve_of(const ThermalSegment& seg, Node node, double level) {
  if (node == Node::kAir) return {seg.air_eq - level, seg.air1, seg.air2, seg.l1, seg.l2};
  return {seg.prod_eq - level, seg.prod1, seg.prod2, seg.l1, seg.l2};
}

// Root of a monotone f on [a, b] with f(a), f(b) of opposite signs (or f(b) == 0).
double bracketed_root(const Curve& f, double a, double b, double fa) {
  double lo = a, hi = b;
  const bool rising = fa < 0;
  double s = 0.5 * (lo + hi);
  for (int i = 0; i < 200 && hi - lo > 1e-9; ++i) {
    const double v = f.at(s);
    if (v == 0) return s;
    if ((v < 0) == rising)
      lo = s;
    else
      hi = s;
    const double d = f.slope(s);
    double next = d != 0 ? s - v / d : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::abs(next - s) < 1e-10) return next;
    s = next;
  }
  return 0.5 * (lo + hi);
}

// Monotone pieces of [sa, sb] (at most two).
int pieces(const Curve& f, double sa, double sb, std::array<double, 3>& cuts) {
  cuts[0] = sa;
  int n = 1;
  if (auto st = f.stationary(); st && *st > sa && *st < sb) cuts[n++] = *st;
  cuts[n] = sb;
  return n;
}

}  // namespace

ThermalSegment solve_segment(const ThermalMass& mass, const ThermalInputs& in, double t0,
                             double air0, double prod0) {
  ThermalSegment seg;
  seg.t0 = seg.t1 = t0;
  const double ue = std::max(in.ua_envelope_kw_per_k, kMinConductance);
  const double up = std::max(mass.ua_product_kw_per_k, 0.0);
  const double ca = mass.air_kj_per_k, cp = mass.product_kj_per_k;
  const double eq = in.ambient_c + in.heat_kw / ue;  // both nodes settle there

  if (ca <= 0 && (cp <= 0 || up <= 0)) {  // no storage at all: air at its balance
    seg.air_eq = eq;
    seg.prod_eq = cp <= 0 ? eq : prod0;
    return seg;
  }
  if (cp <= 0 || up <= 0) {  // air alone; product follows the air or stays put
    seg.l1 = -ue / ca;
    seg.air_eq = eq;
    seg.air1 = air0 - eq;
    if (cp <= 0) {
      seg.prod_eq = seg.air_eq;
      seg.prod1 = seg.air1;
    } else {
      seg.prod_eq = prod0;
    }
    return seg;
  }
  if (ca <= 0) {  // air in quasi-static balance between ambient, product and heat
    const double share = up / (ue + up);
    seg.l1 = -up * ue / ((ue + up) * cp);
    seg.prod_eq = eq;
    seg.prod1 = prod0 - eq;
    seg.air_eq = (ue * in.ambient_c + in.heat_kw) / (ue + up) + share * eq;
    seg.air1 = share * seg.prod1;
    return seg;
  }
  const double a00 = -(ue + up) / ca, a01 = up / ca, a10 = up / cp, a11 = -up / cp;
  const double tr = a00 + a11;
  const double det = ue * up / (ca * cp);
  const double disc = std::sqrt((a00 - a11) * (a00 - a11) + 4 * a01 * a10);
  const double l2 = 0.5 * (tr - disc);  // fast mode
  const double l1 = det / l2;           // slow mode, without cancellation
  seg.l1 = l1;
  seg.l2 = l2;
  const double da = air0 - eq, dp = prod0 - eq;
  const double det_v = a01 * (l2 - l1);
  const double c1 = (da * (l2 - a00) - a01 * dp) / det_v;
  const double c2 = (a01 * dp - da * (l1 - a00)) / det_v;
  seg.air_eq = seg.prod_eq = eq;
  seg.air1 = c1 * a01;
  seg.air2 = c2 * a01;
  seg.prod1 = c1 * (l1 - a00);
  seg.prod2 = c2 * (l2 - a00);
  return seg;
}

std::optional<double> first_crossing(const ThermalSegment& seg, Node node, double level, double ta,
                                     double tb) {
  if (!(tb > ta)) return std::nullopt;
  const Curve f = curve_of(seg, node, level);
  const double sa = ta - seg.t0, sb = tb - seg.t0;
  const double f0 = f.at(sa);
  if (f0 == 0) return std::nullopt;  // already on the level: caller decides
  std::array<double, 3> cuts{};
  const int n = pieces(f, sa, sb, cuts);
  for (int i = 0; i < n; ++i) {
    const double a = cuts[i], b = cuts[i + 1];
    const double fa = i == 0 ? f0 : f.at(a);
    const double fb = f.at(b);
    if ((fa < 0 && fb >= 0) || (fa > 0 && fb <= 0)) {
      return seg.t0 + (fb == 0 ? b : bracketed_root(f, a, b, fa));
    }
  }
  return std::nullopt;
}

double time_outside(const ThermalSegment& seg, Node node, double min_c, double max_c, double ta,
                    double tb) {
  if (!(tb > ta)) return 0;
  // Collect every crossing of either bound, then classify the pieces between them.
  double points[8];
  int count = 0;
  points[count++] = ta;
  for (double level : {min_c, max_c}) {
    const Curve f = curve_of(seg, node, level);
    std::array<double, 3> cuts{};
    const int n = pieces(f, ta - seg.t0, tb - seg.t0, cuts);
    for (int i = 0; i < n; ++i) {
      const double a = cuts[i], b = cuts[i + 1];
      const double fa = f.at(a), fb = f.at(b);
      if ((fa < 0 && fb > 0) || (fa > 0 && fb < 0)) {
        points[count++] = seg.t0 + bracketed_root(f, a, b, fa);
      }
    }
  }
  points[count++] = tb;
  std::sort(points, points + count);
  double outside = 0;
  for (int i = 0; i + 1 < count; ++i) {
    const double mid = 0.5 * (points[i] + points[i + 1]);
    const double v = seg.value(node, mid);
    if (v < min_c || v > max_c) outside += points[i + 1] - points[i];
  }
  return outside;
}

void extremes(const ThermalSegment& seg, Node node, double ta, double tb, double& lowest,
              double& highest) {
  const Curve f = curve_of(seg, node, 0);
  double a = f.at(ta - seg.t0), b = f.at(tb - seg.t0);
  lowest = std::min(a, b);
  highest = std::max(a, b);
  if (auto st = f.stationary(); st && *st > ta - seg.t0 && *st < tb - seg.t0) {
    const double m = f.at(*st);
    lowest = std::min(lowest, m);
    highest = std::max(highest, m);
  }
}

double door_conductance_kw_per_k(double width_m, double height_m, double inside_c, double outside_c,
                                 double curtain_effectiveness) {
  constexpr double kGravity = 9.81, kDensity = 1.2, kCp = 1.005, kCoefficient = 0.221;
  const double dt = std::abs(outside_c - inside_c);
  const double warm_k = std::max(inside_c, outside_c) + 273.15;
  const double flow_m3_s =
      kCoefficient * width_m * height_m * std::sqrt(kGravity * height_m * dt / warm_k);
  const double kept = 1.0 - std::clamp(curtain_effectiveness, 0.0, 1.0);
  return kDensity * kCp * flow_m3_s * kept;
}

}  // namespace pharmatwin::sim
