#include "pharmatwin/viz/zone_status.hpp"

#include <algorithm>
#include <cmath>

namespace pharmatwin::viz {

double warning_margin_c(double min_c, double max_c) {
  return std::max(0.5, 0.15 * (max_c - min_c));
}

ZoneLevel zone_level(double t, double min_c, double max_c) {
  if (std::isnan(t)) return ZoneLevel::kSafe;
  const double outside = t > max_c ? t - max_c : t < min_c ? min_c - t : 0;
  if (outside >= 1.0) return ZoneLevel::kAlarm;
  if (outside > 0) return ZoneLevel::kExcursion;
  const double margin = warning_margin_c(min_c, max_c);
  if (t > max_c - margin || t < min_c + margin) return ZoneLevel::kWarning;
  return ZoneLevel::kSafe;
}

Rgba level_colour(ZoneLevel level) {
  switch (level) {
    case ZoneLevel::kSafe:
      return {40, 110, 200, 255};
    case ZoneLevel::kWarning:
      return {235, 200, 40, 255};
    case ZoneLevel::kExcursion:
      return {240, 130, 20, 255};
    case ZoneLevel::kAlarm:
      return {215, 30, 30, 255};
  }
  return {};
}

const char* level_name(ZoneLevel level) {
  switch (level) {
    case ZoneLevel::kSafe:
      return "safe";
    case ZoneLevel::kWarning:
      return "warning";
    case ZoneLevel::kExcursion:
      return "excursion";
    case ZoneLevel::kAlarm:
      return "alarm";
  }
  return "?";
}

}  // namespace pharmatwin::viz
