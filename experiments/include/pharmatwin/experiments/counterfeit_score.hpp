// Where counterfeit packs injected by a run's faults were caught, if they were.
//
// A pack is caught by the first of: a hold/quarantine/reject/destroy stock change or decision
// naming it (or its lot, when no packs are named) while it was still on site, or — after it was
// shipped — an alert or decision naming it or its lot (verification at dispensing). The stage is
// "receiving" while its shipment had not been put away (or the change left RECEIVING), "storage"
// on site afterwards, "dispensing" once shipped.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/experiments/detection_score.hpp"
#include "pharmatwin/experiments/run_log.hpp"

namespace pharmatwin::experiments {

struct CounterfeitPack {
  std::string fault, shipment, pack, lot;  // pack "<gtin14>/<serial>", lot "<gtin14>/<lot>"
  double injected_s = 0;
  std::optional<double> caught_s;
  std::string stage;  // "receiving", "storage", "dispensing", "" when never caught
  std::optional<double> shipped_s;
  bool shipped_before_detection = false;
};

struct CounterfeitScore {
  std::vector<CounterfeitPack> packs;
  int injected = 0, intercepted = 0;
  std::map<std::string, int> by_stage;  // receiving / storage / dispensing
  int shipped = 0;
  int shipped_before_detection = 0;
  std::optional<double> interception_percent;  // none when nothing was injected
};

CounterfeitScore score_counterfeits(const RunLog& log, const DetectionScore& detection);

}  // namespace pharmatwin::experiments
