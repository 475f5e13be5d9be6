// How a zone's temperature reads against its storage range: safe, warning, excursion or alarm,
// and the colour monitoring systems use for each (blue, yellow, orange, red).
//
// Warning: inside the range but within `margin` of a limit (15 % of the range's width, at least
// 0.5 C). Excursion: outside the range by less than 1 C. Alarm: outside by 1 C or more.
//
//   ZoneLevel level = zone_level(9.4, 2, 8);  // kAlarm
//   Rgba fill = level_colour(level);          // red
#pragma once

#include <cstdint>

namespace pharmatwin::viz {

enum class ZoneLevel { kSafe, kWarning, kExcursion, kAlarm };

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  // Dear ImGui's packed colour (IM_COL32 order: A B G R from the top byte).
  std::uint32_t packed() const {
    return (std::uint32_t(a) << 24) | (std::uint32_t(b) << 16) | (std::uint32_t(g) << 8) | r;
  }
};

// The warning margin of a range (see above).
double warning_margin_c(double min_c, double max_c);
ZoneLevel zone_level(double temperature_c, double min_c, double max_c);
Rgba level_colour(ZoneLevel level);
const char* level_name(ZoneLevel level);

}  // namespace pharmatwin::viz
