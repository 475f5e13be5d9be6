// Composition of scenarios: an importing file laid over its base.
#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "locations.hpp"

namespace pharmatwin::scenarios {

// Merges `overlay` into `base`. Singular fields that the overlay sets replace the base's;
// nested messages merge field by field; a repeated message whose elements have a `name`
// merges by name (same name: merged into the base element; new name: appended); other
// repeated messages are appended; repeated scalars are replaced as a whole.
// proto3 scalars have no presence: a field the overlay sets to its default value (false, 0, "",
// the first enum value) is not listed as set, so `written` (where the overlay's file wrote each
// field) tells that it was given and must replace the base's value too.
//
//   merge_by_name(own.scenario, merged.scenario, &own_locations);  // generator: false wins
void merge_by_name(const google::protobuf::Message& overlay, google::protobuf::Message& base,
                   const LocationMap* written = nullptr, const std::string& path = "");

}  // namespace pharmatwin::scenarios
