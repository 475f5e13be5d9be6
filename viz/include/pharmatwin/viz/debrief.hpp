// The debrief of a training exercise: what the trainee did, scored, shown over the dashboard
// when the session has ended. Plain rows of text with a tone each, filled by whoever scored the
// session (pharmatwin gui --exercise fills it from experiments::TraineeScore), so the panel needs
// no scoring code and is tested headless like the others.
//
//   auto d = std::make_shared<Debrief>();
//   d->title = "Night compressor failure";  d->passed = false;
//   d->faults.push_back({{"walk-in-cold-failure", "t+2d22h", "+12m", "25m", "30m", "in time"},
//   kGood}); ui.debrief = d;                 // draw_dashboard() then draws the Debrief window
#pragma once

#include <string>
#include <vector>

namespace pharmatwin::viz {

enum DebriefTone { kNeutralTone = 0, kGood = 1, kBad = -1 };

struct DebriefRow {
  std::vector<std::string> cells;
  DebriefTone tone = kNeutralTone;
};

struct Debrief {
  std::string title;
  bool passed = false;
  std::string summary;  // one line: acknowledged in time, decisions, units lost
  std::vector<DebriefRow>
      faults;  // fault, kind, onset, first alert, acknowledged after, deadline, verdict
  std::vector<DebriefRow> decisions;   // at, decision, zone, verdict, why (missed ones too)
  std::vector<std::string> questions;  // for the trainer
  std::string report;                  // where the report was written
  std::string error;                   // scoring failed: why (the rest is then empty)
};

// Column headers of Debrief::faults and Debrief::decisions.
const std::vector<const char*>& debrief_fault_columns();
const std::vector<const char*>& debrief_decision_columns();

}  // namespace pharmatwin::viz
