// The debrief window of an exercise: the verdict, the faults with the trainee's time to
// acknowledge, the decisions judged, and the trainer's questions.
#include <imgui.h>

#include "pharmatwin/viz/dashboard.hpp"
#include "pharmatwin/viz/debrief.hpp"

namespace pharmatwin::viz {

const std::vector<const char*>& debrief_fault_columns() {
  static const std::vector<const char*> c{
      "fault", "kind", "onset", "first alert", "acknowledged after", "deadline", ""};
  return c;
}

const std::vector<const char*>& debrief_decision_columns() {
  static const std::vector<const char*> c{"at", "decision", "zone", "verdict", "why"};
  return c;
}

namespace {

ImU32 tone_colour(DebriefTone t) {
  switch (t) {
    case kGood:
      return IM_COL32(110, 220, 120, 255);
    case kBad:
      return IM_COL32(255, 110, 90, 255);
    default:
      return IM_COL32(220, 220, 220, 255);
  }
}

void table(const char* id, const std::vector<const char*>& columns,
           const std::vector<DebriefRow>& rows) {
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable(id, static_cast<int>(columns.size()), flags)) return;
  for (const char* c : columns) ImGui::TableSetupColumn(c);
  ImGui::TableHeadersRow();
  for (const auto& row : rows) {
    ImGui::TableNextRow();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      ImGui::TableSetColumnIndex(static_cast<int>(i));
      ImGui::PushStyleColor(ImGuiCol_Text, tone_colour(row.tone));
      ImGui::TextUnformatted(i < row.cells.size() ? row.cells[i].c_str() : "");
      ImGui::PopStyleColor();
    }
  }
  ImGui::EndTable();
}

}  // namespace

void show_debrief(DashboardState& ui, std::shared_ptr<const Debrief> debrief) {
  ui.debrief = std::move(debrief);
  ui.debrief_open = true;
  ui.ground_truth_locked = false;
  ui.show_ground_truth = true;
}

void draw_debrief_panel(const Debrief& d, DashboardState& ui) {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({size.x * 0.08f, size.y * 0.12f}, ImGuiCond_Appearing);
  ImGui::SetNextWindowSize({size.x * 0.84f, size.y * 0.76f}, ImGuiCond_Appearing);
  ImGui::Begin("Debrief", nullptr, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
  if (ImGui::Button("Close")) ui.debrief_open = false;
  ImGui::SameLine();
  if (!d.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, tone_colour(kBad));
    ImGui::TextWrapped("The session could not be scored: %s", d.error.c_str());
    ImGui::PopStyleColor();
  } else {
    ImGui::Text("%s", d.title.c_str());
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, tone_colour(d.passed ? kGood : kBad));
    ImGui::TextUnformatted(d.passed ? "   PASS" : "   NOT YET");
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s", d.summary.c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted("Faults (ground truth now shown)");
    table("debrief-faults", debrief_fault_columns(), d.faults);
    ImGui::Spacing();
    ImGui::TextUnformatted("Decisions");
    if (d.decisions.empty())
      ImGui::TextDisabled("none taken, none expected");
    else
      table("debrief-decisions", debrief_decision_columns(), d.decisions);
    if (!d.questions.empty()) {
      ImGui::Spacing();
      ImGui::TextUnformatted("Questions for the class");
      for (std::size_t i = 0; i < d.questions.size(); ++i)
        ImGui::BulletText("%s", d.questions[i].c_str());
    }
    if (!d.report.empty()) ImGui::TextDisabled("report: %s", d.report.c_str());
  }
  ImGui::End();
}

}  // namespace pharmatwin::viz
