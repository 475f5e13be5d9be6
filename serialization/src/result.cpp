#include "pharmatwin/serialization/result.hpp"

namespace pharmatwin::serialization {

std::string Error::to_string() const {
  return element + " at position " + std::to_string(position) + ": " + rule;
}

}  // namespace pharmatwin::serialization
