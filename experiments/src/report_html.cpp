// report.html: one self-contained page, charts drawn as inline SVG.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "pharmatwin/experiments/junit.hpp"
#include "pharmatwin/experiments/report.hpp"

namespace pharmatwin::experiments {

namespace {

// One decimal; std::to_chars is much faster than snprintf for the thousands of chart points.
std::string f1(double v) {
  char buf[48];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1);
  return std::string(buf, r.ptr);
}
std::string g(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

constexpr double kWidth = 960, kHeight = 260, kLeft = 56, kRight = 16, kTop = 14, kBottom = 30;
static_assert(kWidth - kLeft - kRight == kChartPixels, "series are thinned to the plot width");
const char* kSensorColours[] = {"#1f77b4", "#9467bd", "#17becf", "#8c564b", "#bcbd22", "#7f7f7f"};

struct Scale {
  double t0, t1, lo, hi;
  double x(double t) const { return kLeft + (t - t0) / (t1 - t0) * (kWidth - kLeft - kRight); }
  double y(double v) const { return kTop + (hi - v) / (hi - lo) * (kHeight - kTop - kBottom); }
};

void axes(std::ostringstream& o, const Scale& s) {
  o << "<line x1='" << kLeft << "' y1='" << kHeight - kBottom << "' x2='" << kWidth - kRight
    << "' y2='" << kHeight - kBottom << "' stroke='#333'/>";
  o << "<line x1='" << kLeft << "' y1='" << kTop << "' x2='" << kLeft << "' y2='"
    << kHeight - kBottom << "' stroke='#333'/>";
  const double days = (s.t1 - s.t0) / 86400.0;
  const double step_d = days <= 2 ? 0.25 : days <= 10 ? 1 : std::ceil(days / 10);
  for (double d = 0; d <= days + 1e-9; d += step_d) {
    const double x = s.x(s.t0 + d * 86400);
    o << "<line x1='" << f1(x) << "' y1='" << kHeight - kBottom << "' x2='" << f1(x) << "' y2='"
      << kHeight - kBottom + 4 << "' stroke='#333'/><text x='" << f1(x) << "' y='" << kHeight - 10
      << "' text-anchor='middle'>" << g(d) << " d</text>";
  }
  const double span = s.hi - s.lo;
  const double step = span <= 10 ? 1 : span <= 25 ? 2 : span <= 60 ? 5 : 10;
  for (double v = std::ceil(s.lo / step) * step; v <= s.hi; v += step) {
    const double y = s.y(v);
    o << "<line x1='" << kLeft - 4 << "' y1='" << f1(y) << "' x2='" << kLeft << "' y2='" << f1(y)
      << "' stroke='#333'/><text x='" << kLeft - 6 << "' y='" << f1(y + 4) << "' text-anchor='end'>"
      << g(v) << "</text>";
  }
}

void polyline(std::ostringstream& o, const Series& pts, const Scale& s, const char* colour,
              double width, const std::string& title) {
  if (pts.empty()) return;
  o << "<polyline fill='none' stroke='" << colour << "' stroke-width='" << width << "' points='";
  // Formatted into one buffer: a chart has thousands of points.
  std::string buf;
  buf.reserve(pts.size() * 14);
  char num[48];
  for (const auto& [t, v] : pts) {
    auto r = std::to_chars(num, num + sizeof num, s.x(t), std::chars_format::fixed, 1);
    buf.append(num, r.ptr);
    buf += ',';
    r = std::to_chars(num, num + sizeof num, s.y(std::clamp(v, s.lo, s.hi)),
                      std::chars_format::fixed, 1);
    buf.append(num, r.ptr);
    buf += ' ';
  }
  o << buf << "'><title>" << xml_escape(title) << "</title></polyline>";
}

void zone_chart(std::ostringstream& o, const RunScore& score, const RunLog& log, int zone) {
  const auto& z = log.header.zones(zone);
  const double t1 = std::max(log.end_s, 1.0);
  // One chart pixel per bucket: thousands of samples a year draw as a few per pixel.
  const double bucket_s = t1 / kChartPixels;
  ChartThinner air_thin(0, bucket_s), product_thin(0, bucket_s);
  if (zone < static_cast<int>(log.truth.size())) {
    for (const auto& p : log.truth[zone]) {
      air_thin.add(p.t_s, p.air_c);
      if (p.has_product) product_thin.add(p.t_s, p.product_c);
    }
  }
  const Series air = air_thin.finish(), product = product_thin.finish();
  std::vector<std::pair<int, Series>> readings;  // (sensor, trace)
  for (int sensor = 0; sensor < static_cast<int>(log.reading_traces.size()); ++sensor) {
    if (log.sensor_zone(sensor) != zone || log.reading_traces[sensor].empty()) continue;
    readings.emplace_back(sensor, thin_for_chart(log.reading_traces[sensor], 0, bucket_s));
  }
  double lo = std::min(z.min_c(), z.max_c()), hi = std::max(z.min_c(), z.max_c());
  for (const auto* series : {&air, &product})
    for (const auto& p : *series) lo = std::min(lo, p.second), hi = std::max(hi, p.second);
  for (const auto& [sensor, pts] : readings)
    for (const auto& p : pts) lo = std::min(lo, p.second), hi = std::max(hi, p.second);
  const double pad = std::max(1.0, 0.08 * (hi - lo));
  Scale s{0, t1, std::floor(lo - pad), std::ceil(hi + pad)};
  o << "<h3>" << xml_escape(z.name()) << " <small>storage range " << g(z.min_c()) << " .. "
    << g(z.max_c()) << " °C</small></h3>\n";
  o << "<svg xmlns='http://www.w3.org/2000/svg' width='" << kWidth << "' height='" << kHeight
    << "' viewBox='0 0 " << kWidth << " " << kHeight
    << "' font-size='11' font-family='sans-serif'>";
  // Fault windows of this zone (or of its sensors, or site-wide).
  for (const auto& f : score.detection.faults) {
    const int fz = log.zone_index(f.zone);
    const int sz = log.sensor_zone(log.sensor_index(f.sensor));
    if (!(fz == zone || sz == zone || (f.zone.empty() && f.sensor.empty()))) continue;
    const double x0 = s.x(f.start_s), x1 = s.x(std::max(f.window_end_s, f.start_s));
    const double xe = s.x(f.end_s.value_or(log.end_s));
    o << "<rect x='" << f1(x0) << "' y='" << kTop << "' width='" << f1(std::max(xe - x0, 1.0))
      << "' height='" << kHeight - kTop - kBottom << "' fill='#fdd' opacity='0.5'><title>"
      << xml_escape(f.name + " (" + f.kind + ")") << "</title></rect>";
    o << "<rect x='" << f1(x0) << "' y='" << kTop << "' width='" << f1(std::max(x1 - x0, 1.0))
      << "' height='8' fill='#d62728'><title>detection window of " << xml_escape(f.name)
      << "</title></rect>";
    if (f.harm_s)
      o << "<line x1='" << f1(s.x(*f.harm_s)) << "' y1='" << kTop << "' x2='" << f1(s.x(*f.harm_s))
        << "' y2='" << kHeight - kBottom
        << "' stroke='#000' stroke-dasharray='2,2'><title>harm: " << f.harm << "</title></line>";
  }
  for (double limit : {z.min_c(), z.max_c()}) {
    o << "<line x1='" << kLeft << "' y1='" << f1(s.y(limit)) << "' x2='" << kWidth - kRight
      << "' y2='" << f1(s.y(limit)) << "' stroke='#d62728' stroke-dasharray='6,4'><title>limit "
      << g(limit) << " °C</title></line>";
  }
  int colour = 0;
  for (const auto& [sensor, pts] : readings) {
    polyline(o, pts, s, kSensorColours[colour++ % 6], 0.6,
             "readings of " + log.header.sensors(sensor).name());
  }
  polyline(o, air, s, "#2ca02c", 1.2, "air (truth)");
  polyline(o, product, s, "#ff7f0e", 2.0, "product (truth)");
  // Alerts of this zone: green matched a fault, red false alarm. One buffer: runs have thousands.
  std::ostringstream base_text;
  base_text << kHeight - kBottom;
  const std::string base = base_text.str();
  std::string marks;
  for (std::size_t i = 0; i < log.alerts.size(); ++i) {
    const auto& a = log.alerts[i];
    const int az = a.zone >= 0 ? a.zone : log.sensor_zone(a.sensor);
    if (az != zone) continue;
    const bool fa = i < score.detection.alert_fault.size() && score.detection.alert_fault[i] < 0;
    const double x = s.x(a.raised_at_s > 0 ? a.raised_at_s : a.received_s);
    marks += "<path d='M";
    marks += f1(x);
    marks += ',';
    marks += base;
    marks += " l-5,10 l10,0 z' fill='";
    marks += fa ? "#d62728" : "#2ca02c";
    marks += "'><title>";
    marks += xml_escape(a.kind + " " + a.id + " at " + format_duration(a.raised_at_s) +
                        (fa ? " (false alarm)" : ""));
    marks += "</title></path>";
  }
  o << marks;
  axes(o, s);
  o << "</svg>\n";
}

void latency_chart(std::ostringstream& o, const RunScore& score) {
  const auto& faults = score.detection.faults;
  if (faults.empty()) return;
  double longest = 1;
  for (const auto& f : faults)
    longest = std::max({longest, f.window_end_s - f.start_s, f.latency_s.value_or(0)});
  const double row = 22, label_w = 220, w = kWidth - label_w - 120;
  const double h = row * faults.size() + 30;
  o << "<svg xmlns='http://www.w3.org/2000/svg' width='" << kWidth << "' height='" << f1(h)
    << "' font-size='11' font-family='sans-serif'>";
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const auto& f = faults[i];
    const double y = 10 + i * row;
    o << "<text x='" << label_w - 6 << "' y='" << f1(y + 13) << "' text-anchor='end'>"
      << xml_escape(f.name) << "</text>";
    o << "<rect x='" << label_w << "' y='" << f1(y + 3) << "' width='"
      << f1(w * (f.window_end_s - f.start_s) / longest)
      << "' height='14' fill='#eee'><title>window " << format_duration(f.window_end_s - f.start_s)
      << "</title></rect>";
    if (f.latency_s) {
      o << "<rect x='" << label_w << "' y='" << f1(y + 5) << "' width='"
        << f1(std::max(1.0, w * *f.latency_s / longest)) << "' height='10' fill='#1f77b4'/>";
      o << "<text x='" << f1(label_w + w * *f.latency_s / longest + 6) << "' y='" << f1(y + 13)
        << "'>" << format_duration(*f.latency_s)
        << (f.lead_time_s ? ", " + format_duration(*f.lead_time_s) + " before harm" : "")
        << "</text>";
    } else {
      o << "<text x='" << label_w + 6 << "' y='" << f1(y + 13) << "' fill='#d62728'>missed</text>";
    }
  }
  o << "<text x='" << label_w << "' y='" << f1(h - 4)
    << "'>latency from onset (blue) within the detection window (grey); scale "
    << format_duration(longest) << "</text></svg>\n";
}

// A figure of the run and its baseline, and which way is better.
struct Comparison {
  const char* label;
  const char* unit;
  Better better;
  std::optional<double> (*get)(const OperationsMetrics&);
};

const Comparison kComparisons[] = {
    {"fill rate", "%", Better::kHigher,
     [](const OperationsMetrics& m) { return m.fill_rate_percent; }},
    {"lines lost", "lines", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> { return double(m.lines_lost); }},
    {"units lost", "units", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> { return double(m.units_lost); }},
    {"units quarantined", "units", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> {
       return double(m.units_quarantined);
     }},
    {"units rejected", "units", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> { return double(m.units_rejected); }},
    {"compromised units shipped", "units", Better::kLower,
     [](const OperationsMetrics& m) -> std::optional<double> {
       return double(m.compromised_units_shipped);
     }},
    {"inventory turns", "per year", Better::kHigher,
     [](const OperationsMetrics& m) { return m.inventory_turns; }},
};

// Whole numbers in full (unit counts run to hundreds of thousands), others to 4 digits.
std::string figure(double v) {
  if (std::isfinite(v) && v == std::round(v) && std::fabs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  return g(v);
}

std::string maybe(const std::optional<double>& v) { return v ? figure(*v) : "-"; }

// Run against baseline, the difference coloured by whether it is better or worse.
void baseline_panel(std::ostringstream& o, const RunScore& score) {
  o << "<h2>Run and baseline</h2>\n";
  if (!score.baseline) {
    o << "<p><small>No fault-free baseline was scored with this run.</small></p>\n";
  }
  o << "<table><tr><th>figure</th><th>run</th>";
  if (score.baseline) o << "<th>baseline</th><th>difference</th>";
  o << "<th>unit</th></tr>\n";
  for (const auto& c : kComparisons) {
    const auto run = c.get(score.operations);
    o << "<tr><td>" << c.label << "</td><td class='n'>" << maybe(run) << "</td>";
    if (score.baseline) {
      const auto base = c.get(*score.baseline);
      o << "<td class='n'>" << maybe(base) << "</td>";
      if (run && base) {
        const double d = *run - *base;
        const bool better =
            (c.better == Better::kHigher && d > 0) || (c.better == Better::kLower && d < 0);
        const bool worse =
            (c.better == Better::kHigher && d < 0) || (c.better == Better::kLower && d > 0);
        o << "<td class='n "
          << (better  ? "better"
              : worse ? "worse"
                      : "same")
          << "'>" << (d > 0 ? "+" : "") << figure(d) << "</td>";
      } else {
        o << "<td class='n'>-</td>";
      }
    }
    o << "<td>" << c.unit << "</td></tr>\n";
  }
  o << "</table>\n<p><small>Difference = run &minus; baseline; green is the better direction, red "
       "the worse.</small></p>\n";
}

// What really happened in each zone (the world's figures, not what the sensors saw), the MKT of
// each sensor's readings when logged, and the stability budget each lot used.
void truth_table(std::ostringstream& o, const RunScore& score) {
  const auto& zones = score.truth.zones;
  if (zones.empty()) return;
  o << "<h3>Ground truth per zone</h3><table><tr><th>zone</th><th>range °C</th>"
       "<th>peak air °C</th><th>peak product °C</th><th>lowest product °C</th>"
       "<th>time out of range</th><th>first out of range</th><th>MKT air °C</th>"
       "<th>MKT product °C</th></tr>\n";
  for (const auto& z : zones) {
    o << "<tr><td>" << xml_escape(z.zone) << "</td><td>" << g(z.min_c) << " .. " << g(z.max_c)
      << "</td><td class='n'>" << maybe(z.peak_air_c) << "</td><td class='n'>"
      << maybe(z.peak_product_c) << "</td><td class='n'>" << maybe(z.lowest_product_c)
      << "</td><td class='n'>" << format_duration(z.out_of_range_s) << "</td><td class='n'>"
      << (z.first_out_of_range_s ? format_duration(*z.first_out_of_range_s) : "-")
      << "</td><td class='n'>" << maybe(z.mkt_air_c) << "</td><td class='n'>"
      << maybe(z.mkt_product_c) << "</td></tr>\n";
  }
  o << "</table>\n";
  if (!score.truth.sensors.empty()) {
    o << "<table><tr><th>sensor</th><th>zone</th><th>placement</th><th>readings</th>"
         "<th>MKT °C</th></tr>\n";
    for (const auto& m : score.truth.sensors)
      o << "<tr><td>" << xml_escape(m.sensor) << "</td><td>" << xml_escape(m.zone) << "</td><td>"
        << xml_escape(m.kind) << "</td><td class='n'>" << m.readings << "</td><td class='n'>"
        << g(m.mkt_c) << "</td></tr>\n";
    o << "</table>\n";
  }
  if (!score.truth.lots.empty()) {
    o << "<h3>Stability budget used per lot</h3><table><tr><th>lot</th><th>zone</th>"
         "<th>used</th><th>budget</th><th>used %</th><th>as of</th><th>exhausted</th></tr>\n";
    for (const auto& l : score.truth.lots) {
      const auto percent = l.consumed_percent();
      o << "<tr><td>" << xml_escape(l.lot) << "</td><td>" << xml_escape(l.zone)
        << "</td><td class='n'>" << format_duration(l.consumed_s) << "</td><td class='n'>"
        << (l.budget_s ? format_duration(*l.budget_s) : "-") << "</td><td class='n"
        << (percent && *percent >= 100 ? " worse" : "") << "'>" << (percent ? g(*percent) : "-")
        << "</td><td class='n'>" << format_duration(l.as_of_s) << "</td><td class='n'>"
        << (l.exhausted_s ? format_duration(*l.exhausted_s) : "-") << "</td></tr>\n";
    }
    o << "</table>\n";
  }
}

// The false alarms, in log order; a very noisy run lists its first ones (report.json has all).
constexpr std::size_t kFalseAlarmRows = 200;

void false_alarm_list(std::ostringstream& o, const RunScore& score) {
  const auto& alarms = score.detection.false_alarms;
  o << "<h3>False alarms</h3>\n";
  if (alarms.empty()) {
    o << "<p>None.</p>\n";
    return;
  }
  o << "<table><tr><th>time</th><th>zone</th><th>kind</th><th>message</th></tr>\n";
  const std::size_t rows = std::min(alarms.size(), kFalseAlarmRows);
  for (std::size_t i = 0; i < rows; ++i) {
    const auto& a = alarms[i];
    o << "<tr><td class='n'>" << format_duration(a.t_s) << "</td><td>"
      << xml_escape(a.zone.empty() ? a.sensor : a.zone) << "</td><td>" << xml_escape(a.kind)
      << "</td><td>" << xml_escape(a.message) << "</td></tr>\n";
  }
  o << "</table>\n";
  if (alarms.size() > rows)
    o << "<p><small>The first " << rows << " of " << alarms.size()
      << " false alarms; report.json lists them all.</small></p>\n";
}

}  // namespace

std::string report_html(const RunScore& score, const RunLog& log,
                        const std::vector<ExpectationResult>& expectations) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>pharmatwin report: "
    << xml_escape(score.scenario_name)
    << "</title>\n<style>"
       "body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:."
       "5em 0}"
       "td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}td.n{text-align:right}"
       ".pass{color:#2ca02c;font-weight:bold}.fail{color:#d62728;font-weight:bold}small{color:#666}"
       "td.better{color:#2ca02c;font-weight:bold}td.worse{color:#d62728;font-weight:bold}"
       "</style></head><body>\n";
  o << "<h1>" << xml_escape(score.scenario_name) << "</h1>\n<p>seed " << score.seed << ", horizon "
    << format_duration(score.horizon_s) << ", world version " << xml_escape(score.version)
    << ", scenario hash <code>" << xml_escape(score.scenario_hash.substr(0, 16)) << "</code></p>\n";
  if (!expectations.empty()) {
    o << "<h2>Expectations</h2><table><tr><th></th><th>expectation</th><th>measured</"
         "th><th>expected</th></tr>\n";
    for (const auto& e : expectations)
      o << "<tr><td class='" << (e.passed ? "pass'>PASS" : "fail'>FAIL") << "</td><td>"
        << xml_escape(e.name) << "</td><td>" << xml_escape(e.measured) << "</td><td>"
        << xml_escape(e.expected) << "</td></tr>\n";
    o << "</table>\n";
  }
  baseline_panel(o, score);
  o << "<h2>Timeline</h2><p><small>Product (orange) and air (green) ground truth, sensor readings "
       "when logged (thin), storage limits (dashed red), faults (pink, red bar: detection window, "
       "dotted: harm), alerts (triangles: green matched a fault, red false alarm).</small></p>\n";
  for (int z = 0; z < log.header.zones_size(); ++z) zone_chart(o, score, log, z);
  truth_table(o, score);
  o << "<h2>Detection</h2>\n";
  latency_chart(o, score);
  o << "<table><tr><th>fault</th><th>kind</th><th>scope</th><th>onset</th><th>detected</th>"
       "<th>latency</th><th>lead time</th><th>first alert</th></tr>\n";
  for (const auto& f : score.detection.faults) {
    o << "<tr><td>" << xml_escape(f.name) << "</td><td>" << xml_escape(f.kind) << "</td><td>"
      << xml_escape(f.zone.empty() ? f.sensor : f.zone) << "</td><td>" << format_duration(f.start_s)
      << "</td><td class='" << (f.detected ? "pass'>yes" : "fail'>no") << "</td><td>"
      << (f.latency_s ? format_duration(*f.latency_s) : "-") << "</td><td>"
      << (f.lead_time_s ? format_duration(*f.lead_time_s) : "-") << "</td><td>"
      << xml_escape(f.first_alert_kind) << "</td></tr>\n";
  }
  const auto& d = score.detection;
  o << "</table>\n<p>" << d.alerts << " alerts (" << d.alert_events << " alert records), "
    << d.late_alerts << " late and " << d.recovery_alerts << " during a fault's recovery, "
    << d.false_alarm_ids.size() << " false alarms (" << g(d.false_alarms_per_day) << " per day, "
    << g(d.false_alarms_per_sensor_day) << " per sensor-day, " << g(d.false_alarms_per_zone_day)
    << " per zone-day)</p>\n";
  false_alarm_list(o, score);
  o << "<h2>Metrics</h2><table><tr><th>metric</th><th>value</th><th>unit</th></tr>\n";
  for (const auto& m : score.metrics)
    o << "<tr><td>" << xml_escape(m.name) << "</td><td class='n'>" << g(m.value) << "</td><td>"
      << xml_escape(m.unit) << "</td></tr>\n";
  o << "</table>\n</body></html>\n";
  return o.str();
}

}  // namespace pharmatwin::experiments
