// Business rules over the events of one EPCIS document, beyond what the JSON Schema can say:
//   cbv-unknown         bizStep, disposition, transaction or source/destination type that is
//                       neither a CBV 2.0 term nor a URI (error)
//   duplicate-event-id  two events with the same eventID (error)
//   event-order         an EPC used before its commissioning, after it was dispensed,
//                       decommissioned or destroyed, or commissioned twice (error)
//   aggregation         a child packed into two parents at once, into itself, twice in one event
//                       (error), or unpacked from a parent it is not in (warning)
//   ilmd-missing        a commissioning ObjectEvent without lot number or expiry date (warning)
//   commissioning-action  commissioning whose action is not ADD (warning)
//   sensor              a temperature in an unknown unit, or minValue above maxValue (warning)
// Lifecycle rules follow event time (ties in document order), not the order of the file.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "pharmatwin/serialization/epcis_issue.hpp"
#include "pharmatwin/serialization/event.hpp"

namespace pharmatwin::serialization {

// `event_index[i]` is the eventList index of `events[i]` (as EpcisReadResult gives it); issues
// point at "<list_pointer>/<index>/...".
std::vector<EpcisIssue> check_epcis_rules(const std::vector<Event>& events,
                                          const std::vector<std::size_t>& event_index,
                                          const std::string& file,
                                          const std::string& list_pointer = "/epcisBody/eventList");

}  // namespace pharmatwin::serialization
