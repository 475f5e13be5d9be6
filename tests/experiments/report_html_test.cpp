// report.html on a hand-made run: the baseline-vs-run panel with the better direction coloured,
// the zones' ground truth, the false-alarm list, nothing fetched from elsewhere, the same bytes
// every time.
#include <gtest/gtest.h>

#include "pharmatwin/experiments/report.hpp"
#include "report_log.hpp"

namespace pharmatwin::experiments {
namespace {

std::string html_of(bool with_baseline) {
  const auto run = testing::report_run_log().build();
  const auto base = testing::report_baseline_log().build();
  ScoreInputs in;
  in.run = &run;
  if (with_baseline) in.baseline = &base;
  return report_html(score_run(in), run, {});
}

// The text of the table row whose first cell is `label`.
std::string row(const std::string& html, const std::string& label) {
  const auto at = html.find("<tr><td>" + label + "</td>");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</tr>", at) - at);
}

TEST(ReportHtml, BaselinePanelColoursTheBetterDirection) {
  const auto html = html_of(true);
  ASSERT_NE(html.find("<h2>Run and baseline</h2>"), std::string::npos);
  // Fill rate 64 % against 100 %: worse.
  EXPECT_EQ(row(html, "fill rate"),
            "<tr><td>fill rate</td><td class='n'>64</td><td class='n'>100</td>"
            "<td class='n worse'>-36</td><td>%</td>");
  EXPECT_NE(row(html, "units lost").find("<td class='n worse'>+5</td>"), std::string::npos);
  EXPECT_NE(row(html, "lines lost").find("<td class='n worse'>+2</td>"), std::string::npos);
  EXPECT_NE(row(html, "units quarantined").find("<td class='n worse'>+30</td>"), std::string::npos);
  EXPECT_NE(row(html, "units rejected").find("<td class='n same'>0</td>"), std::string::npos);
  EXPECT_NE(row(html, "compromised units shipped").find("'n same'"), std::string::npos);
  // Turns need the scenario's starting stock.
  EXPECT_NE(row(html, "inventory turns").find("<td class='n'>-</td>"), std::string::npos);
}

TEST(ReportHtml, WithoutBaselineThePanelSaysSo) {
  const auto html = html_of(false);
  EXPECT_NE(html.find("No fault-free baseline"), std::string::npos);
  EXPECT_EQ(row(html, "fill rate"), "<tr><td>fill rate</td><td class='n'>64</td><td>%</td>");
}

TEST(ReportHtml, GroundTruthTableAndFalseAlarmList) {
  const auto html = html_of(true);
  EXPECT_NE(html.find("<h3>Ground truth per zone</h3>"), std::string::npos);
  const auto cold = row(html, "cold-room");
  EXPECT_NE(cold.find("<td>2 .. 8</td><td class='n'>12</td><td class='n'>9</td>"
                      "<td class='n'>5</td><td class='n'>3h</td><td class='n'>11h</td>"),
            std::string::npos)
      << cold;
  EXPECT_NE(html.find("<h3>False alarms</h3>"), std::string::npos);
  // Time, zone, kind, message (escaped).
  EXPECT_NE(html.find("<tr><td class='n'>1h</td><td>hall</td><td>door_open</td>"
                      "<td>door &lt;hall&gt; open for 12 min &amp; more</td></tr>"),
            std::string::npos);
  EXPECT_NE(html.find("<td>sensor_drift</td><td>drift of hall-air-1</td>"), std::string::npos);
  EXPECT_NE(html.find("1 late and 1 during a fault's recovery, 2 false alarms"), std::string::npos);
}

TEST(ReportHtml, LotBudgetsWhenTheLogStatesThem) {
  auto b = testing::report_run_log();
  auto* x = b.ops(45000).mutable_stability_budget_exhausted();
  x->set_lot("00614141000012/L1");
  x->set_zone("cold-room");
  x->set_budget_s(7200);
  x->set_consumed_s(7200);
  const auto run = b.build();
  ScoreInputs in;
  in.run = &run;
  const auto html = report_html(score_run(in), run, {});
  EXPECT_NE(html.find("<h3>Stability budget used per lot</h3>"), std::string::npos);
  EXPECT_NE(row(html, "00614141000012/L1")
                .find("<td>cold-room</td><td class='n'>2h</td><td class='n'>2h</td>"
                      "<td class='n worse'>100</td><td class='n'>12h30m</td>"
                      "<td class='n'>12h30m</td>"),
            std::string::npos)
      << row(html, "00614141000012/L1");
  EXPECT_EQ(html_of(true).find("Stability budget used per lot"), std::string::npos);
}

TEST(ReportHtml, SelfContainedAndDeterministic) {
  const auto html = html_of(true);
  EXPECT_EQ(html, html_of(true));
  for (const char* external : {"<script", "<link", "src=", "href=", "url(", "@import"})
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  // The only URL is the SVG namespace.
  std::size_t at = 0;
  while ((at = html.find("http", at)) != std::string::npos) {
    EXPECT_EQ(html.compare(at, 26, "http://www.w3.org/2000/svg"), 0) << html.substr(at, 40);
    ++at;
  }
}

}  // namespace
}  // namespace pharmatwin::experiments
