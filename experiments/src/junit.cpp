#include "pharmatwin/experiments/junit.hpp"

#include <cstdio>
#include <sstream>

namespace pharmatwin::experiments {

bool ScenarioOutcome::passed() const {
  if (!error.empty()) return false;
  for (const auto& r : results)
    if (!r.passed) return false;
  return true;
}

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += '?';
        else out += c;
    }
  }
  return out;
}

namespace {
std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}
}  // namespace

std::string junit_xml(const std::vector<ScenarioOutcome>& outcomes) {
  int tests = 0, failures = 0, errors = 0;
  double time = 0;
  for (const auto& o : outcomes) {
    time += o.wall_time_s;
    if (!o.error.empty()) {
      ++tests;
      ++errors;
      continue;
    }
    for (const auto& r : o.results) {
      ++tests;
      if (!r.passed) ++failures;
    }
  }
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x << "<testsuites name=\"pharmatwin regress\" tests=\"" << tests << "\" failures=\"" << failures
    << "\" errors=\"" << errors << "\" time=\"" << seconds(time) << "\">\n";
  for (const auto& o : outcomes) {
    const bool broken = !o.error.empty();
    int suite_failures = 0;
    for (const auto& r : o.results) suite_failures += r.passed ? 0 : 1;
    x << "  <testsuite name=\"" << xml_escape(o.scenario) << "\" tests=\""
      << (broken ? 1 : o.results.size()) << "\" failures=\"" << (broken ? 0 : suite_failures)
      << "\" errors=\"" << (broken ? 1 : 0) << "\" time=\"" << seconds(o.wall_time_s)
      << "\" file=\"" << xml_escape(o.file) << "\">\n";
    if (broken) {
      x << "    <testcase classname=\"" << xml_escape(o.scenario) << "\" name=\"run\">\n"
        << "      <error message=\"" << xml_escape(o.error) << "\"/>\n    </testcase>\n";
    }
    for (const auto& r : o.results) {
      x << "    <testcase classname=\"" << xml_escape(o.scenario) << "\" name=\""
        << xml_escape(r.name) << "\"";
      if (r.passed) {
        x << "/>\n";
        continue;
      }
      const std::string msg = "measured " + r.measured + ", expected " + r.expected;
      x << ">\n      <failure message=\"" << xml_escape(msg) << "\">" << xml_escape(msg)
        << "</failure>\n    </testcase>\n";
    }
    x << "  </testsuite>\n";
  }
  x << "</testsuites>\n";
  return x.str();
}

}  // namespace pharmatwin::experiments
