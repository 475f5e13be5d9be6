// "Did you mean" for names a scenario gets wrong: the known name closest to a misspelt one.
//
//   suggestion("cold-rom", {"cold-room", "freezer"})  ->  " (did you mean 'cold-room'?)"
//   suggestion("cellar", {"cold-room", "freezer"})    ->  ""   (nothing close enough)
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::scenarios {

// Edit distance (insertions, deletions, substitutions and swaps of neighbours each cost 1),
// ignoring ASCII case.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` when it is within a third of the name's length (at least 1
// edit), else "". Ties go to the first candidate.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

// " (did you mean 'X'?)" for the closest candidate, or "".
std::string suggestion(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace pharmatwin::scenarios
