// sweep.html from hand-made records: self-contained, the expected series, deterministic.
#include "pharmatwin/experiments/sweep_html.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "pharmatwin/experiments/sweep_design.hpp"

namespace pharmatwin::experiments {
namespace {

RunRecordLine rec(const std::string& v, const std::string& hash, int rep, double latency,
                  double fill, double qa) {
  RunRecordLine r;
  r.variant = v;
  r.replication = rep;
  r.seed = 41 + rep;
  r.variant_hash = hash;
  r.status = "ok";
  r.metrics["fault.f.latency_s"] = {latency, "s", "lower"};
  r.metrics["delta.fill_rate_percent"] = {fill, "%", "higher"};
  r.metrics["ops.qa_reviews_done"] = {qa, "", "neither"};
  r.metrics["ops.constant"] = {5, "", "neither"};
  return r;
}

// 2 x 2 factorial: sampling interval (latency grows with it) x QA reviewers.
SweepTable factorial() {
  SweepTable t;
  t.name = "site";
  t.key = "key1";
  t.kind = "factorial";
  t.fields = {"zones[cold-room].sensors[*].sample_interval", "staff.qa_reviewers.count"};
  t.variants = {{"v1", "h1", {"1m", "1"}},
                {"v2", "h2", {"1m", "2"}},
                {"v3", "h3", {"5m", "1"}},
                {"v4", "h4", {"5m", "2"}}};
  t.replications = 3;
  return t;
}

std::vector<RunRecordLine> factorial_records() {
  std::vector<RunRecordLine> r;
  for (int rep = 1; rep <= 3; ++rep) {
    r.push_back(rec("v1", "h1", rep, 600 + rep, -1.0 - 0.1 * rep, 10));
    r.push_back(rec("v2", "h2", rep, 600 + rep, -0.5 - 0.1 * rep, 20));
    r.push_back(rec("v3", "h3", rep, 900 + 3 * rep, -1.2 - 0.1 * rep, 10));
    r.push_back(rec("v4", "h4", rep, 900 + 3 * rep, -0.7 - 0.1 * rep, 20));
  }
  return r;
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(SweepHtml, IsSelfContained) {
  const auto t = factorial();
  const auto records = plan_records(t, factorial_records());
  const std::string html = sweep_html(t, summarize(t, records), records);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
}

TEST(SweepHtml, DrawsEachDifferingMetricAgainstEachFieldWithCiBars) {
  const auto t = factorial();
  const auto records = plan_records(t, factorial_records());
  const std::string html = sweep_html(t, summarize(t, records), records);
  // Three metrics differ between variants (ops.constant does not): 3 metrics x 2 fields charts,
  // plus the latency/fill-rate trade-off.
  EXPECT_EQ(count(html, "<svg class=\"chart\""), 3u * 2u + 1u);
  EXPECT_NE(
      html.find(
          "aria-label=\"fault.f.latency_s against zones[cold-room].sensors[*].sample_interval\""),
      std::string::npos);
  EXPECT_NE(html.find("aria-label=\"ops.qa_reviews_done against staff.qa_reviewers.count\""),
            std::string::npos);
  EXPECT_EQ(html.find("aria-label=\"ops.constant against"), std::string::npos);
  EXPECT_NE(html.find("3 metric(s) differ between variants and are drawn; 1 have the same mean"),
            std::string::npos);
  // Against the sampling interval, one series per QA staffing, each a line over 1m and 5m.
  EXPECT_NE(html.find("data-series=\"staff.qa_reviewers.count=1\""), std::string::npos);
  EXPECT_NE(html.find("data-series=\"staff.qa_reviewers.count=2\""), std::string::npos);
  // v1's latency: mean 602 s, its CI in the tooltip (t(0.975, 2) = 4.303, sd 1: ±2.484).
  EXPECT_NE(
      html.find(
          "v1: zones[cold-room].sensors[*].sample_interval=1m, mean 602, 95 % CI 599.5 to 604.5"),
      std::string::npos);
  // CI bars: three lines per point that has a CI.
  EXPECT_GE(count(html, "class=\"ci\""), 3u * 4u * 6u);
  // The trade-off: one point per variant.
  EXPECT_NE(html.find("data-series=\"tradeoff fault.f.latency_s\""), std::string::npos);
  EXPECT_NE(html.find("v3: fill-rate impact -1.4 pp, latency 906 s"), std::string::npos);
  // The summary table: every variant and metric.
  EXPECT_EQ(count(html, "<tr><td class=\"l\">v"), 4u + 4u * 4u);
}

TEST(SweepHtml, NumericFieldsArePlacedByValue) {
  const auto t = factorial();
  const auto records = plan_records(t, factorial_records());
  const std::string html = sweep_html(t, summarize(t, records), records);
  // 1m = 60 s and 5m = 300 s on a numeric axis with ticks in seconds.
  EXPECT_NE(html.find(">300</text>"), std::string::npos);
}

TEST(SweepHtml, SensitivitySweepsGetATornadoRankedByEffect) {
  SweepTable t;
  t.name = "site";
  t.key = "key2";
  t.kind = "sensitivity";
  t.fields = {"a", "b"};
  t.variants = {{"base", "h0", {"", ""}},
                {"1-low", "h1", {"1", ""}},
                {"1-high", "h2", {"3", ""}},
                {"2-low", "h3", {"", "10"}},
                {"2-high", "h4", {"", "20"}}};
  t.replications = 2;
  std::vector<RunRecordLine> r;
  for (int rep = 1; rep <= 2; ++rep) {
    r.push_back(rec("base", "h0", rep, 100 + rep, -1, 1));
    r.push_back(rec("1-low", "h1", rep, 90 + rep, -1, 1));
    r.push_back(rec("1-high", "h2", rep, 110 + 2 * rep, -1, 1));  // effect 20 + rep
    r.push_back(rec("2-low", "h3", rep, 100, -1, 1));
    r.push_back(rec("2-high", "h4", rep, 150 + rep, -1, 1));  // effect 50 + rep
  }
  const auto records = plan_records(t, r);
  const std::string html = sweep_html(t, summarize(t, records), records);
  EXPECT_NE(html.find("<h2>Sensitivity (tornado)</h2>"), std::string::npos);
  const auto a = html.find("<g class=\"bar\" data-field=\"a\">");
  const auto b = html.find("<g class=\"bar\" data-field=\"b\">");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  EXPECT_LT(b, a);  // b has the larger effect: first
  EXPECT_NE(html.find("b: effect 51.5, 95 % CI"), std::string::npos);
  EXPECT_NE(html.find("a: effect 21.5, 95 % CI"), std::string::npos);
}

TEST(SweepHtml, SameRecordsGiveTheSameBytes) {
  const auto t = factorial();
  auto shuffled = factorial_records();
  std::reverse(shuffled.begin(), shuffled.end());
  const auto a = plan_records(t, factorial_records());
  const auto b = plan_records(t, shuffled);
  EXPECT_EQ(sweep_html(t, summarize(t, a), a), sweep_html(t, summarize(t, b), b));
}

}  // namespace
}  // namespace pharmatwin::experiments
