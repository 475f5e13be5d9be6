// What the element-string and Digital Link parsers share once each element is read: the
// checks of how the elements go together, and the reference year of the date linters.
//
//   auto checked = gs1_detail::check_elements(std::move(parsed), dict, year, false);
#pragma once

#include "pharmatwin/serialization/gs1_dictionary.hpp"
#include "pharmatwin/serialization/gs1_element_string.hpp"

namespace pharmatwin::serialization::gs1_detail {

// Merges an AI repeated with the same data, rejects one repeated with different data, and checks
// every req= and ex= association. With `validate_each`, also each element's data on its own
// (parsers that validated every element as they read it pass false).
Result<Gs1ElementString> check_elements(Gs1ElementString elements, const Gs1Dictionary& dict,
                                        int reference_year, bool validate_each);

// The options' reference year, or the current UTC year when it is 0.
int reference_year_of(const Gs1ParseOptions& options);

}  // namespace pharmatwin::serialization::gs1_detail
