#include "pharmatwin/experiments/sweep_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "pharmatwin/experiments/junit.hpp"
#include "pharmatwin/experiments/sweep_design.hpp"
#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::experiments {

namespace {

constexpr double kWidth = 660, kHeight = 300;
constexpr double kLeft = 78, kRight = 20, kTop = 28, kBottom = 56;
const char* const kColours[] = {"#1f6fb4", "#d6632a", "#2b9348", "#c03a5b",
                                "#7a4fb0", "#8c6d1f", "#1b9aaa", "#555555"};

// Text and attribute values: the XML escapes serve HTML too.
std::string esc(const std::string& s) { return xml_escape(s); }

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return buf;
}

std::string px(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

// A linear axis over [lo, hi] with "nice" ticks.
struct Axis {
  double lo = 0, hi = 1;
  std::vector<double> ticks;
};

Axis make_axis(double lo, double hi) {
  if (!(hi > lo)) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double raw = (hi - lo) / 5;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  Axis a;
  a.lo = std::floor(lo / step) * step;
  a.hi = std::ceil(hi / step) * step;
  for (double t = a.lo; t <= a.hi + step * 1e-9; t += step)
    a.ticks.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
  return a;
}

double scale(const Axis& a, double v, double from, double to) {
  return from + (v - a.lo) / (a.hi - a.lo) * (to - from);
}

std::optional<double> numeric_value(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end && *end == '\0' && std::isfinite(v)) return v;
  std::string why;
  if (auto d = scenarios::parse_duration_s(text, &why)) return *d;
  return std::nullopt;
}

struct Point {
  std::string variant;
  double x = 0, y = 0;
  std::optional<double> y_half, x_half;
  std::string x_label;
};

// Frame, axes with ticks and labels, and a title; `x_categories` replaces numeric x ticks.
void frame(std::ostream& o, const std::string& title, const Axis& x, const Axis& y,
           const std::string& x_name, const std::string& y_name,
           const std::vector<std::pair<double, std::string>>& x_categories) {
  const double x0 = kLeft, x1 = kWidth - kRight, y0 = kHeight - kBottom, y1 = kTop;
  o << "<svg class=\"chart\" width=\"" << kWidth << "\" height=\"" << kHeight << "\" viewBox=\"0 0 "
    << kWidth << " " << kHeight << "\" role=\"img\" aria-label=\"" << esc(title) << "\">\n";
  o << "<text class=\"title\" x=\"" << px(x0) << "\" y=\"16\">" << esc(title) << "</text>\n";
  o << "<rect class=\"plot\" x=\"" << px(x0) << "\" y=\"" << px(y1) << "\" width=\"" << px(x1 - x0)
    << "\" height=\"" << px(y0 - y1) << "\"/>\n";
  for (double t : y.ticks) {
    const double yy = scale(y, t, y0, y1);
    o << "<line class=\"grid\" x1=\"" << px(x0) << "\" x2=\"" << px(x1) << "\" y1=\"" << px(yy)
      << "\" y2=\"" << px(yy) << "\"/><text class=\"tick\" x=\"" << px(x0 - 6) << "\" y=\""
      << px(yy + 4) << "\" text-anchor=\"end\">" << num(t) << "</text>\n";
  }
  if (x_categories.empty()) {
    for (double t : x.ticks) {
      const double xx = scale(x, t, x0, x1);
      o << "<line class=\"grid\" x1=\"" << px(xx) << "\" x2=\"" << px(xx) << "\" y1=\"" << px(y1)
        << "\" y2=\"" << px(y0) << "\"/><text class=\"tick\" x=\"" << px(xx) << "\" y=\""
        << px(y0 + 16) << "\" text-anchor=\"middle\">" << num(t) << "</text>\n";
    }
  } else {
    for (const auto& [pos, label] : x_categories)
      o << "<text class=\"tick\" x=\"" << px(scale(x, pos, x0, x1)) << "\" y=\"" << px(y0 + 16)
        << "\" text-anchor=\"middle\">" << esc(label) << "</text>\n";
  }
  o << "<text class=\"axis\" x=\"" << px((x0 + x1) / 2) << "\" y=\"" << px(kHeight - 12)
    << "\" text-anchor=\"middle\">" << esc(x_name) << "</text>\n";
  o << "<text class=\"axis\" transform=\"translate(14 " << px((y0 + y1) / 2)
    << ") rotate(-90)\" text-anchor=\"middle\">" << esc(y_name) << "</text>\n";
}

void error_bar_v(std::ostream& o, double x, double ya, double yb, const char* colour) {
  o << "<line class=\"ci\" stroke=\"" << colour << "\" x1=\"" << px(x) << "\" x2=\"" << px(x)
    << "\" y1=\"" << px(ya) << "\" y2=\"" << px(yb) << "\"/>";
  for (double y : {ya, yb})
    o << "<line class=\"ci\" stroke=\"" << colour << "\" x1=\"" << px(x - 4) << "\" x2=\""
      << px(x + 4) << "\" y1=\"" << px(y) << "\" y2=\"" << px(y) << "\"/>";
}

void error_bar_h(std::ostream& o, double y, double xa, double xb, const char* colour) {
  o << "<line class=\"ci\" stroke=\"" << colour << "\" x1=\"" << px(xa) << "\" x2=\"" << px(xb)
    << "\" y1=\"" << px(y) << "\" y2=\"" << px(y) << "\"/>";
  for (double x : {xa, xb})
    o << "<line class=\"ci\" stroke=\"" << colour << "\" x1=\"" << px(x) << "\" x2=\"" << px(x)
      << "\" y1=\"" << px(y - 4) << "\" y2=\"" << px(y + 4) << "\"/>";
}

// Metrics whose mean differs between variants, headline families first.
std::vector<std::string> charted_metrics(const SweepSummary& summary) {
  std::map<std::string, std::set<std::string>> means;
  for (const auto& row : summary.rows)
    if (row.estimate.n) means[row.metric].insert(number_text(row.estimate.mean));
  std::vector<std::string> out;
  std::set<std::string> taken;
  for (const char* prefix :
       {"fault.", "kind.", "zone.", "delta.", "detection.", "ops.", "counterfeit.", ""}) {
    for (const auto& [metric, set] : means) {
      if (set.size() > 1 && metric.rfind(prefix, 0) == 0 && taken.insert(metric).second)
        out.push_back(metric);
    }
  }
  return out;
}

std::string anchor(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out;
}

// One metric against one varied field.
void field_chart(std::ostream& o, const SweepTable& table, std::size_t field,
                 const std::map<std::string, const MetricSummary*>& by_variant,
                 const std::string& metric, const std::string& unit) {
  // x positions: numeric values when every variant's value is a number or a duration.
  bool numeric = table.kind != "sensitivity";
  for (const auto& v : table.variants)
    if (by_variant.count(v.id) && !numeric_value(v.values[field])) numeric = false;
  std::vector<std::string> categories;
  for (const auto& v : table.variants) {
    const std::string label = v.values[field].empty() ? "(base)" : v.values[field];
    if (std::find(categories.begin(), categories.end(), label) == categories.end())
      categories.push_back(label);
  }
  // Series: the other fields' values.
  std::map<std::string, std::vector<Point>> series;
  std::vector<std::string> series_order;
  for (const auto& v : table.variants) {
    auto it = by_variant.find(v.id);
    if (it == by_variant.end() || it->second->estimate.n == 0) continue;
    std::string key;
    for (std::size_t f = 0; f < table.fields.size(); ++f) {
      if (f == field) continue;
      key += (key.empty() ? "" : ", ") + table.fields[f] + "=" +
             (v.values[f].empty() ? "(base)" : v.values[f]);
    }
    if (!series.count(key)) series_order.push_back(key);
    Point p;
    p.variant = v.id;
    p.x_label = v.values[field].empty() ? "(base)" : v.values[field];
    p.x = numeric ? *numeric_value(v.values[field])
                  : static_cast<double>(std::find(categories.begin(), categories.end(), p.x_label) -
                                        categories.begin());
    p.y = it->second->estimate.mean;
    p.y_half = it->second->estimate.half_width;
    series[key].push_back(p);
  }
  if (series.empty()) return;
  double xlo = 1e300, xhi = -1e300, ylo = 1e300, yhi = -1e300;
  for (const auto& [k, pts] : series) {
    for (const auto& p : pts) {
      xlo = std::min(xlo, p.x), xhi = std::max(xhi, p.x);
      ylo = std::min(ylo, p.y - p.y_half.value_or(0)),
      yhi = std::max(yhi, p.y + p.y_half.value_or(0));
    }
  }
  Axis x = numeric ? make_axis(xlo, xhi) : Axis{-0.5, categories.size() - 0.5, {}};
  const Axis y = make_axis(ylo, yhi);
  std::vector<std::pair<double, std::string>> cats;
  if (!numeric)
    for (std::size_t i = 0; i < categories.size(); ++i) cats.push_back({double(i), categories[i]});
  frame(o, metric + " against " + table.fields[field], x, y, table.fields[field],
        metric + (unit.empty() ? "" : " (" + unit + ")"), cats);
  const double x0 = kLeft, x1 = kWidth - kRight, y0 = kHeight - kBottom, y1 = kTop;
  const double dodge = numeric ? 0 : std::min(12.0, 40.0 / double(series.size()));
  for (std::size_t s = 0; s < series_order.size(); ++s) {
    const auto& pts = series[series_order[s]];
    const char* colour = kColours[s % 8];
    const double off = (double(s) - (double(series_order.size()) - 1) / 2) * dodge;
    o << "<g class=\"series\" data-series=\""
      << esc(series_order[s].empty() ? metric : series_order[s]) << "\">";
    if (pts.size() > 1 && series.size() <= 8) {
      std::vector<Point> sorted = pts;
      std::stable_sort(sorted.begin(), sorted.end(),
                       [](const Point& a, const Point& b) { return a.x < b.x; });
      o << "<polyline fill=\"none\" stroke=\"" << colour << "\" points=\"";
      for (const auto& p : sorted)
        o << px(scale(x, p.x, x0, x1) + off) << "," << px(scale(y, p.y, y0, y1)) << " ";
      o << "\"/>";
    }
    for (const auto& p : pts) {
      const double cx = scale(x, p.x, x0, x1) + off, cy = scale(y, p.y, y0, y1);
      if (p.y_half)
        error_bar_v(o, cx, scale(y, p.y - *p.y_half, y0, y1), scale(y, p.y + *p.y_half, y0, y1),
                    colour);
      o << "<circle data-variant=\"" << esc(p.variant) << "\" cx=\"" << px(cx) << "\" cy=\""
        << px(cy) << "\" r=\"4\" fill=\"" << colour << "\"><title>" << esc(p.variant) << ": "
        << esc(table.fields[field]) << "=" << esc(p.x_label) << ", mean " << num(p.y);
      if (p.y_half) o << ", 95 % CI " << num(p.y - *p.y_half) << " to " << num(p.y + *p.y_half);
      o << "</title></circle>";
    }
    o << "</g>\n";
  }
  o << "</svg>\n";
  if (series_order.size() > 1 || !series_order.front().empty()) {
    o << "<ul class=\"legend\">";
    for (std::size_t s = 0; s < series_order.size() && s < 24; ++s)
      o << "<li><span style=\"background:" << kColours[s % 8] << "\"></span>"
        << esc(series_order[s]) << "</li>";
    if (series_order.size() > 24) o << "<li>… " << series_order.size() - 24 << " more</li>";
    o << "</ul>\n";
  }
}

void tornado_chart(std::ostream& o, const SweepTable& table,
                   const std::vector<RunRecordLine>& records, const std::string& metric) {
  const auto effects = sensitivity_effects(table, records, metric);
  if (effects.empty()) return;
  double lo = 0, hi = 0;
  for (const auto& e : effects) {
    lo = std::min(lo, e.difference.low());
    hi = std::max(hi, e.difference.high());
  }
  const Axis x = make_axis(lo, hi);
  const double row = 30, height = kTop + row * double(effects.size()) + kBottom;
  const double left = 250, x1 = kWidth - kRight, y0 = height - kBottom;
  o << "<svg class=\"chart tornado\" width=\"" << kWidth << "\" height=\"" << px(height)
    << "\" viewBox=\"0 0 " << kWidth << " " << px(height) << "\" role=\"img\" aria-label=\"tornado "
    << esc(metric) << "\">\n";
  o << "<text class=\"title\" x=\"" << px(left) << "\" y=\"16\">"
    << esc("sensitivity of " + metric + " (high − low, paired)") << "</text>\n";
  for (double t : x.ticks) {
    const double xx = scale(x, t, left, x1);
    o << "<line class=\"grid\" x1=\"" << px(xx) << "\" x2=\"" << px(xx) << "\" y1=\"" << px(kTop)
      << "\" y2=\"" << px(y0) << "\"/><text class=\"tick\" x=\"" << px(xx) << "\" y=\""
      << px(y0 + 16) << "\" text-anchor=\"middle\">" << num(t) << "</text>\n";
  }
  const double zero = scale(x, 0, left, x1);
  for (std::size_t i = 0; i < effects.size(); ++i) {
    const auto& e = effects[i];
    const double yc = kTop + row * (double(i) + 0.5);
    const double xe = scale(x, e.difference.mean, left, x1);
    const char* colour = e.difference.mean >= 0 ? kColours[1] : kColours[0];
    o << "<g class=\"bar\" data-field=\"" << esc(e.field) << "\"><text class=\"tick\" x=\""
      << px(left - 6) << "\" y=\"" << px(yc + 4) << "\" text-anchor=\"end\">"
      << esc(e.field + " " + e.low + "→" + e.high) << "</text>";
    o << "<rect x=\"" << px(std::min(zero, xe)) << "\" y=\"" << px(yc - 9) << "\" width=\""
      << px(std::fabs(xe - zero)) << "\" height=\"18\" fill=\"" << colour << "\"><title>"
      << esc(e.field) << ": effect " << num(e.difference.mean);
    if (e.difference.half_width)
      o << ", 95 % CI " << num(e.difference.low()) << " to " << num(e.difference.high());
    o << "</title></rect>";
    if (e.difference.half_width)
      error_bar_h(o, yc, scale(x, e.difference.low(), left, x1),
                  scale(x, e.difference.high(), left, x1), "#222");
    o << "</g>\n";
  }
  o << "<line class=\"zero\" x1=\"" << px(zero) << "\" x2=\"" << px(zero) << "\" y1=\"" << px(kTop)
    << "\" y2=\"" << px(y0) << "\"/>\n</svg>\n";
}

void tradeoff_chart(std::ostream& o, const std::map<std::string, const MetricSummary*>& latency,
                    const std::map<std::string, const MetricSummary*>& fill,
                    const SweepTable& table, const std::string& metric) {
  std::vector<Point> pts;
  for (const auto& v : table.variants) {
    auto a = latency.find(v.id);
    auto b = fill.find(v.id);
    if (a == latency.end() || b == fill.end() || !a->second->estimate.n || !b->second->estimate.n)
      continue;
    pts.push_back({v.id, b->second->estimate.mean, a->second->estimate.mean,
                   a->second->estimate.half_width, b->second->estimate.half_width, v.id});
  }
  if (pts.empty()) return;
  double xlo = 1e300, xhi = -1e300, ylo = 1e300, yhi = -1e300;
  for (const auto& p : pts) {
    xlo = std::min(xlo, p.x - p.x_half.value_or(0)),
    xhi = std::max(xhi, p.x + p.x_half.value_or(0));
    ylo = std::min(ylo, p.y - p.y_half.value_or(0)),
    yhi = std::max(yhi, p.y + p.y_half.value_or(0));
  }
  const Axis x = make_axis(xlo, xhi), y = make_axis(ylo, yhi);
  frame(o, "trade-off: " + metric + " against delta.fill_rate_percent", x, y,
        "delta.fill_rate_percent (pp)", metric + " (s)", {});
  const double x0 = kLeft, x1 = kWidth - kRight, y0 = kHeight - kBottom, y1 = kTop;
  o << "<g class=\"series\" data-series=\"tradeoff " << esc(metric) << "\">";
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const auto& p = pts[i];
    const char* colour = kColours[i % 8];
    const double cx = scale(x, p.x, x0, x1), cy = scale(y, p.y, y0, y1);
    if (p.y_half)
      error_bar_v(o, cx, scale(y, p.y - *p.y_half, y0, y1), scale(y, p.y + *p.y_half, y0, y1),
                  colour);
    if (p.x_half)
      error_bar_h(o, cy, scale(x, p.x - *p.x_half, x0, x1), scale(x, p.x + *p.x_half, x0, x1),
                  colour);
    o << "<circle data-variant=\"" << esc(p.variant) << "\" cx=\"" << px(cx) << "\" cy=\"" << px(cy)
      << "\" r=\"4\" fill=\"" << colour << "\"><title>" << esc(p.variant) << ": fill-rate impact "
      << num(p.x) << " pp, latency " << num(p.y) << " s</title></circle><text class=\"tick\" x=\""
      << px(cx + 6) << "\" y=\"" << px(cy - 6) << "\">" << esc(p.variant) << "</text>";
  }
  o << "</g>\n</svg>\n";
}

const char* kStyle =
    R"(body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:20px}h2{font-size:17px;margin-top:28px}h3{font-size:14px;margin:18px 0 4px}
.chart{display:block;margin:6px 0}.plot{fill:#fafafa;stroke:#bbb}.grid{stroke:#e4e4e4}
.tick{font-size:11px;fill:#444}.axis{font-size:12px;fill:#222}.title{font-size:13px;font-weight:600}
.ci{stroke-width:1.5}.zero{stroke:#222}.legend{list-style:none;padding:0;margin:0 0 8px;font-size:12px}
.legend li{display:inline-block;margin-right:14px}.legend span{display:inline-block;width:10px;height:10px;margin-right:4px}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}
th{background:#f0f0f0}td.l,th.l{text-align:left}.note{color:#555})";

}  // namespace

std::string sweep_html(const SweepTable& table, const SweepSummary& summary,
                       const std::vector<RunRecordLine>& records) {
  std::map<std::string, std::map<std::string, const MetricSummary*>>
      by_metric;  // metric -> variant -> row
  for (const auto& row : summary.rows) by_metric[row.metric][row.variant] = &row;
  const auto metrics = charted_metrics(summary);
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sweep "
    << esc(table.name) << "</title>\n<style>" << kStyle << "</style></head><body>\n";
  std::size_t ok = 0, failed = 0;
  for (const auto& [v, n] : summary.ok) ok += n;
  for (const auto& [v, n] : summary.failed) failed += n;
  o << "<h1>Sweep of " << esc(table.name) << "</h1>\n<p>" << esc(table.kind) << ": "
    << table.variants.size() << " variant(s) × " << table.replications << " replication(s), seeds "
    << table.seed_base << "–"
    << table.seed_base + static_cast<std::uint64_t>(table.replications) - 1 << "; " << ok
    << " run(s) ok, " << failed
    << " failed. Means with their 95 % confidence intervals (Student t); differences are paired by "
       "replication "
       "against "
    << esc(table.variants.empty() ? std::string() : table.variants[0].id) << ". Plan key <code>"
    << esc(table.key) << "</code>.</p>\n";
  o << "<table><tr><th class=\"l\">variant</th>";
  for (const auto& f : table.fields) o << "<th class=\"l\">" << esc(f) << "</th>";
  o << "<th>ok</th><th>failed</th></tr>\n";
  for (const auto& v : table.variants) {
    o << "<tr><td class=\"l\">" << esc(v.id) << "</td>";
    for (const auto& value : v.values)
      o << "<td class=\"l\">" << esc(value.empty() ? "(base)" : value) << "</td>";
    o << "<td>" << (summary.ok.count(v.id) ? summary.ok.at(v.id) : 0) << "</td><td>"
      << (summary.failed.count(v.id) ? summary.failed.at(v.id) : 0) << "</td></tr>\n";
  }
  o << "</table>\n";

  o << "<h2>Metrics against the varied fields</h2>\n";
  const std::size_t constant = by_metric.size() - metrics.size();
  o << "<p class=\"note\">" << metrics.size()
    << " metric(s) differ between variants and are drawn; " << constant
    << " have the same mean in every variant and are only in the table below.</p>\n";
  for (const auto& m : metrics) {
    const auto& rows = by_metric[m];
    const std::string unit = rows.empty() ? "" : rows.begin()->second->unit;
    o << "<h3 id=\"" << anchor(m) << "\">" << esc(m) << "</h3>\n";
    for (std::size_t f = 0; f < table.fields.size(); ++f) field_chart(o, table, f, rows, m, unit);
  }
  if (table.kind == "sensitivity") {
    o << "<h2>Sensitivity (tornado)</h2>\n<p class=\"note\">Per metric, each field's effect: the "
         "paired mean of "
         "(high − low) over the replications, largest first, with its 95 % CI.</p>\n";
    for (const auto& m : metrics) tornado_chart(o, table, records, m);
  }
  o << "<h2>Detection latency against fill-rate impact</h2>\n";
  bool any = false;
  if (by_metric.count("delta.fill_rate_percent")) {
    for (const auto& [m, rows] : by_metric) {
      const bool latency = m.rfind("fault.", 0) == 0 && m.size() > 10 &&
                           m.compare(m.size() - 10, 10, ".latency_s") == 0;
      if (!latency) continue;
      any = true;
      tradeoff_chart(o, rows, by_metric["delta.fill_rate_percent"], table, m);
    }
  }
  if (!any)
    o << "<p class=\"note\">No run has both a fault's detection latency and a fill-rate "
         "impact.</p>\n";

  o << "<h2>Summary</h2>\n<table><tr><th class=\"l\">variant</th><th class=\"l\">metric</th><th "
       "class=\"l\">unit</th>"
       "<th>n</th><th>missing</th><th>mean</th><th>sd</th><th>95 % CI</th><th>diff n</th><th>diff "
       "mean</th>"
       "<th>diff 95 % CI</th></tr>\n";
  for (const auto& row : summary.rows) {
    const auto& e = row.estimate;
    o << "<tr><td class=\"l\">" << esc(row.variant) << "</td><td class=\"l\">" << esc(row.metric)
      << "</td><td class=\"l\">" << esc(row.unit) << "</td><td>" << e.n << "</td><td>"
      << row.missing << "</td><td>" << (e.n ? num(e.mean) : "") << "</td><td>"
      << (e.n > 1 ? num(e.sd) : "") << "</td><td>"
      << (e.half_width ? num(e.low()) + " – " + num(e.high()) : "") << "</td>";
    if (row.difference) {
      const auto& d = *row.difference;
      o << "<td>" << d.n << "</td><td>" << (d.n ? num(d.mean) : "") << "</td><td>"
        << (d.half_width ? num(d.low()) + " – " + num(d.high()) : "") << "</td>";
    } else {
      o << "<td></td><td></td><td></td>";
    }
    o << "</tr>\n";
  }
  o << "</table>\n</body></html>\n";
  return o.str();
}

}  // namespace pharmatwin::experiments
