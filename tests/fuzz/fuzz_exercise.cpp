// Fuzzes the exercise loader: exercise text, its scenario reference resolved against the shipped
// exercises' folder, then validation of both.
#include <cstddef>
#include <cstdint>
#include <string>

#include "pharmatwin/scenarios/exercise.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto result = pharmatwin::scenarios::load_exercise_text(text, "fuzz.exercise.txtpb",
                                                                PHARMATWIN_EXERCISES_DIR);
  for (const auto& d : result.diagnostics) (void)d.to_string();
  return 0;
}
