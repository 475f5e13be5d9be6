// Composition of scenarios: an importing file laid over its base.
#pragma once

#include <google/protobuf/message.h>

namespace pharmatwin::scenarios {

// Merges `overlay` into `base`. Singular fields that the overlay sets replace the base's;
// nested messages merge field by field; a repeated message whose elements have a `name`
// merges by name (same name: merged into the base element; new name: appended); other
// repeated messages are appended; repeated scalars are replaced as a whole.
void merge_by_name(const google::protobuf::Message& overlay, google::protobuf::Message& base);

}  // namespace pharmatwin::scenarios
