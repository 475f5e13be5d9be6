#include "pharmatwin/experiments/report.hpp"

namespace pharmatwin::experiments {

std::string report_html(const RunScore& score, const RunLog&, const std::vector<ExpectationResult>&) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + score.scenario_name +
         "</title></head><body></body></html>\n";
}

}  // namespace pharmatwin::experiments
