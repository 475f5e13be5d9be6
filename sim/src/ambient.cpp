#include "pharmatwin/sim/ambient.hpp"

#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>

#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::sim {
namespace {

constexpr double kDay_s = 86400;

// Fractional day of the year (1 = 1 January 00:00) of a Unix time.
double day_of_year(double epoch_s) {
  const auto days = static_cast<std::int64_t>(std::floor(epoch_s / kDay_s));
  // Civil year of `days` since 1970-01-01 (proleptic Gregorian).
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t year = yoe + era * 400;
  const std::int64_t doy_march = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy_march + 2) / 153;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  if (month <= 2) ++year;
  const std::int64_t jan1 = scenarios::days_from_civil(static_cast<int>(year), 1, 1);
  return 1.0 + (epoch_s / kDay_s - static_cast<double>(jan1));
}

}  // namespace

std::shared_ptr<const AmbientProfile> AmbientProfile::create(const scenario::Ambient& ambient,
                                                             double start_epoch_s,
                                                             const std::filesystem::path& base_dir,
                                                             std::string* error) {
  auto profile = std::make_shared<AmbientProfile>();
  profile->start_epoch_s_ = start_epoch_s;
  profile->mean_c_ = ambient.mean_c();
  profile->daily_amplitude_c_ = ambient.daily_amplitude_c();
  if (!ambient.daily_peak().empty()) {
    auto peak = scenarios::parse_time_of_day_s(ambient.daily_peak(), error);
    if (!peak) return nullptr;
    profile->daily_peak_s_ = *peak;
  }
  profile->seasonal_amplitude_c_ = ambient.seasonal_amplitude_c();
  if (ambient.seasonal_peak_day() != 0) profile->seasonal_peak_day_ = ambient.seasonal_peak_day();
  if (!ambient.hourly_csv().empty()) {
    const auto path = base_dir / ambient.hourly_csv();
    std::ifstream in(path);
    if (!in) {
      if (error) *error = path.string() + ": cannot open the hourly ambient CSV";
      return nullptr;
    }
    std::string line;
    int line_no = 0;
    bool have_origin = false;
    while (std::getline(in, line)) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      const auto comma = line.find(',');
      if (comma == std::string::npos) {
        if (error)
          *error = path.string() + ":" + std::to_string(line_no) +
                   ": expected 'timestamp,temperature_c'";
        return nullptr;
      }
      const std::string stamp = line.substr(0, comma), value = line.substr(comma + 1);
      std::string why;
      auto epoch = scenarios::parse_utc_s(stamp, &why);
      if (!epoch) {
        if (line_no == 1) continue;  // header row
        if (error) *error = path.string() + ":" + std::to_string(line_no) + ": " + why;
        return nullptr;
      }
      double celsius = 0;
      std::istringstream parse(value);
      if (!(parse >> celsius) || !std::isfinite(celsius)) {
        if (error)
          *error = path.string() + ":" + std::to_string(line_no) + ":" + std::to_string(comma + 2) +
                   ": bad temperature '" + value + "'";
        return nullptr;
      }
      if (!have_origin) {
        profile->hourly_origin_epoch_s_ = static_cast<double>(*epoch);
        have_origin = true;
      }
      profile->hourly_c_.push_back(celsius);
    }
    if (profile->hourly_c_.empty()) {
      if (error) *error = path.string() + ": no temperatures in the hourly ambient CSV";
      return nullptr;
    }
  }
  return profile;
}

double AmbientProfile::step_c(std::int64_t k) const {
  const double mid_epoch_s = start_epoch_s_ + (static_cast<double>(k) + 0.5) * kAmbientStep_s;
  if (!hourly_c_.empty()) {
    const auto n = static_cast<std::int64_t>(hourly_c_.size());
    auto hour =
        static_cast<std::int64_t>(std::floor((mid_epoch_s - hourly_origin_epoch_s_) / 3600));
    hour %= n;
    if (hour < 0) hour += n;
    return hourly_c_[static_cast<std::size_t>(hour)];
  }
  constexpr double two_pi = 2 * std::numbers::pi;
  const double time_of_day = std::fmod(mid_epoch_s, kDay_s);
  double celsius = mean_c_;
  if (daily_amplitude_c_ != 0) {
    celsius += daily_amplitude_c_ * std::cos(two_pi * (time_of_day - daily_peak_s_) / kDay_s);
  }
  if (seasonal_amplitude_c_ != 0) {
    celsius += seasonal_amplitude_c_ *
               std::cos(two_pi * (day_of_year(mid_epoch_s) - seasonal_peak_day_) / 365.25);
  }
  return celsius;
}

}  // namespace pharmatwin::sim
