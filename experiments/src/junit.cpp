#include "pharmatwin/experiments/junit.hpp"

#include <cstdio>
#include <sstream>

namespace pharmatwin::experiments {

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // Control characters are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')
          out += '?';
        else
          out += c;
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

std::string percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g %%", 100 * fraction);
  return buf;
}

std::string failed_seeds(const std::vector<SeedFailure>& failures) {
  std::string out;
  for (const auto& f : failures) {
    out += out.empty() ? "seed " : ", seed ";
    out += std::to_string(f.seed) + ": " + f.measured;
  }
  return out;
}

}  // namespace

std::string tally_message(const ExpectationTally& t) {
  if (t.runs() == 1)
    return "measured " + (t.failures.empty() ? t.last_measured : t.failures[0].measured) +
           ", expected " + t.expected;
  std::string msg = "held on " + t.pass_count() + ", needs " + percent(t.min_pass_rate) +
                    "; expected " + t.expected;
  if (!t.failures.empty()) msg += "; failed on " + failed_seeds(t.failures);
  return msg;
}

std::string junit_xml(const std::vector<ScenarioOutcome>& outcomes) {
  int tests = 0, failures = 0, errors = 0;
  double time = 0;
  for (const auto& o : outcomes) {
    time += o.wall_time_s;
    if (!o.errors.empty()) {
      ++tests;
      ++errors;
    }
    for (const auto& t : o.expectations) {
      ++tests;
      if (!t.holds()) ++failures;
    }
  }
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x << "<testsuites name=\"pharmatwin regress\" tests=\"" << tests << "\" failures=\"" << failures
    << "\" errors=\"" << errors << "\" time=\"" << seconds(time) << "\">\n";
  for (const auto& o : outcomes) {
    const bool broken = !o.errors.empty();
    int suite_failures = 0;
    for (const auto& t : o.expectations) suite_failures += t.holds() ? 0 : 1;
    x << "  <testsuite name=\"" << xml_escape(o.scenario) << "\" tests=\""
      << o.expectations.size() + (broken ? 1 : 0) << "\" failures=\"" << suite_failures
      << "\" errors=\"" << (broken ? 1 : 0) << "\" time=\"" << seconds(o.wall_time_s)
      << "\" file=\"" << xml_escape(o.file) << "\">\n";
    if (broken) {
      std::string msg;
      for (const auto& e : o.errors)
        msg += (msg.empty() ? "" : "; ") +
               (o.seeds.size() > 1 ? "seed " + std::to_string(e.seed) + ": " : "") + e.measured;
      x << "    <testcase classname=\"" << xml_escape(o.scenario) << "\" name=\"run\">\n"
        << "      <error message=\"" << xml_escape(msg) << "\"/>\n    </testcase>\n";
    }
    for (const auto& t : o.expectations) {
      x << "    <testcase classname=\"" << xml_escape(o.scenario) << "\" name=\""
        << xml_escape(t.name) << "\"";
      if (t.holds() && t.failures.empty()) {
        x << "/>\n";
        continue;
      }
      const std::string msg = tally_message(t);
      x << ">\n";
      if (t.holds())
        x << "      <system-out>" << xml_escape(msg) << "</system-out>\n";
      else
        x << "      <failure message=\"" << xml_escape(msg) << "\">" << xml_escape(msg)
          << "</failure>\n";
      x << "    </testcase>\n";
    }
    x << "  </testsuite>\n";
  }
  x << "</testsuites>\n";
  return x.str();
}

}  // namespace pharmatwin::experiments
