// Exact solution of a zone's two-node thermal model over an interval of constant inputs.
//
//   C_a dTa/dt = U_e (T_amb - Ta) + U_p (Tp - Ta) + Q
//   C_p dTp/dt = U_p (Ta - Tp)
//
// Ta: zone air, Tp: product mass, U_e: envelope + open-door conductance to the ambient,
// U_p: air-to-product conductance, Q: internal load minus HVAC heat removal. With inputs held
// constant the solution is Ta(t) = Ta_eq + a1 e^(l1 s) + a2 e^(l2 s) (same form for Tp),
// s = t - t0, with l1, l2 the (real, negative) eigenvalues of the system matrix. Nothing here
// knows SimGrid: these are plain functions testable on their own.
#pragma once

#include <cmath>
#include <optional>

namespace pharmatwin::sim {

struct ThermalMass {
  double air_kj_per_k = 0;
  double product_kj_per_k = 0;
  double ua_product_kw_per_k = 0;
};

struct ThermalInputs {
  double ambient_c = 0;
  double ua_envelope_kw_per_k = 0;  // envelope plus open doors, > 0
  double heat_kw = 0;               // internal load minus HVAC removal
};

enum class Node { kAir, kProduct };

// Closed-form trajectory valid on [t0, t1].
struct ThermalSegment {
  double t0 = 0, t1 = 0;
  double l1 = 0, l2 = 0;  // eigenvalues, 1/s
  double air_eq = 0, air1 = 0, air2 = 0;
  double prod_eq = 0, prod1 = 0, prod2 = 0;
  bool hvac_running = false;  // set by the zone model; informative only

  double air(double t) const {
    const double s = t - t0;
    return air_eq + air1 * std::exp(l1 * s) + air2 * std::exp(l2 * s);
  }
  double product(double t) const {
    const double s = t - t0;
    return prod_eq + prod1 * std::exp(l1 * s) + prod2 * std::exp(l2 * s);
  }
  void both(double t, double& air_c, double& product_c) const {
    const double s = t - t0;
    const double e1 = std::exp(l1 * s), e2 = std::exp(l2 * s);
    air_c = air_eq + air1 * e1 + air2 * e2;
    product_c = prod_eq + prod1 * e1 + prod2 * e2;
  }
  double value(Node node, double t) const { return node == Node::kAir ? air(t) : product(t); }
};

// The trajectory from (air0, product0) at t0 under constant `inputs`; t1 is left at t0.
// Degenerate masses are handled: no product capacity or no air-product conductance (the air
// is then a single first-order node), no air capacity (air in quasi-static balance).
ThermalSegment solve_segment(const ThermalMass& mass, const ThermalInputs& inputs, double t0,
                             double air0_c, double product0_c);

// First time in (ta, tb] where `node` reaches `level` coming from the side it is on at ta;
// nullopt when it does not. Solved on the closed form (monotone pieces around the single
// possible extremum, safeguarded Newton) to better than 1 microsecond.
std::optional<double> first_crossing(const ThermalSegment& segment, Node node, double level,
                                     double ta, double tb);

// Exact time within [ta, tb] that `node` spends outside [min_c, max_c].
double time_outside(const ThermalSegment& segment, Node node, double min_c, double max_c, double ta,
                    double tb);

// Lowest and highest value of `node` on [ta, tb].
void extremes(const ThermalSegment& segment, Node node, double ta, double tb, double& lowest_c,
              double& highest_c);

// Sensible heat conductance (kW/K) of an open door between air at `inside_c` and `outside_c`,
// simplified Gosney-Olama: V = 0.221 W H sqrt(g H dT / T_warm) m3/s of exchanged air, times
// rho c_p (1.2 kg/m3, 1.005 kJ/(kg K)), times (1 - curtain effectiveness).
double door_conductance_kw_per_k(double width_m, double height_m, double inside_c, double outside_c,
                                 double curtain_effectiveness);

}  // namespace pharmatwin::sim
