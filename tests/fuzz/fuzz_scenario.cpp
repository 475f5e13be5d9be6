// Fuzzes the scenario loader: text format or JSON (chosen by the first byte), then validation.
#include <cstddef>
#include <cstdint>
#include <string>

#include "pharmatwin/scenarios/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool json = data[0] == '{';
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto result =
      pharmatwin::scenarios::load_scenario_text(text, json ? "fuzz.json" : "fuzz.textproto");
  for (const auto& d : result.diagnostics) (void)d.to_string();
  if (result.ok()) (void)pharmatwin::scenarios::scenario_hash(result.scenario);
  return 0;
}
