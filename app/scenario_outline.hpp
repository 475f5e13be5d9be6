// A human-readable outline of a scenario: site, zones, sensors, products, flows, faults.
#pragma once

#include <ostream>

#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::app {

void print_outline(const scenario::Scenario& scenario, std::ostream& out);

}  // namespace pharmatwin::app
