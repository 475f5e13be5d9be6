// What the world lends to the parts that run inside it (the operations half).
//
// The World owns SimGrid, the climate, the event log, the observers and the ports; it builds a
// WorldServices pointing at them and hands it to `Operations(scenario, services)` before the
// simulation starts. Pointers stay valid for the whole run. Everything runs on the simulation
// thread: the simulated clock is simgrid::s4u::Engine::get_clock(), seconds since the run start.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "pharmatwin/adapters/detection_port.hpp"
#include "pharmatwin/adapters/observer.hpp"
#include "pharmatwin/sim/random.hpp"

namespace simgrid::s4u {
class Host;
}

namespace pharmatwin::sim {

class EventLogWriter;  // event_log.hpp

// Ground-truth temperatures of the zones. Times are simulated seconds since the run start and
// must not be later than the current simulated time (the future is not decided yet).
class ClimateQueries {
 public:
  virtual ~ClimateQueries() = default;
  virtual std::uint32_t zone_count() const = 0;
  virtual std::optional<std::uint32_t> zone_index(std::string_view name) const = 0;
  virtual double air_temperature_c(std::uint32_t zone, double t_s) = 0;
  virtual double product_temperature_c(std::uint32_t zone, double t_s) = 0;
  // Exact time the product temperature of `zone` spent outside [min_c, max_c] from 0 to t_s.
  // The stability budget a pack consumed between arrival a and time t is
  // cumulative_out_of_range_s(z, min, max, t) - cumulative_out_of_range_s(z, min, max, a).
  virtual double cumulative_out_of_range_s(std::uint32_t zone, double min_c, double max_c,
                                           double t_s) = 0;
  // Temperature outside the zone (the ambient it exchanges heat with).
  virtual double ambient_c(std::uint32_t zone, double t_s) = 0;
};

struct WorldServices {
  const RandomStreams* random = nullptr;  // per-entity streams of this run
  double start_epoch_s = 0;               // Unix time of simulated time zero
  double horizon_s = 0;                   // simulated span of the run
  simgrid::s4u::Host* host = nullptr;     // host to create actors on
  ClimateQueries* climate = nullptr;
  EventLogWriter* log = nullptr;  // null when the run writes no log
  adapters::Observers* observers = nullptr;
  // Decisions from the systems under test reach the operations half through
  // observers->on_decision; faults of the kinds the world does not apply itself (counterfeit,
  // serialization_exception, channel_fault on SERIALIZATION) through observers->on_fault_start.
};

}  // namespace pharmatwin::sim
