#include "pharmatwin/experiments/training_report.hpp"

#include <fstream>

#include "pharmatwin/experiments/report.hpp"

namespace pharmatwin::experiments {

bool write_training_reports(const std::filesystem::path& dir, const RunScore& score,
                            const RunLog& log, const std::vector<ExpectationResult>& expectations,
                            const TraineeScore& trainee, std::string* error) {
  auto write = [&](const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
      if (error) *error = path.string() + ": cannot write";
      return false;
    }
    return true;
  };
  nlohmann::json json = report_json(score, expectations);
  json["training"] = trainee_json(trainee);
  std::string html = report_html(score, log, expectations);
  // The debrief first: after the page's heading, else at the start of its body.
  const auto body = html.find("<body>");
  auto at = html.find("</h1>", body == std::string::npos ? 0 : body);
  if (at != std::string::npos)
    at += 5;
  else if (body != std::string::npos)
    at = body + 6;
  else
    at = 0;
  html.insert(at, "\n" + trainee_html(trainee));
  return write(dir / "report.json", json.dump(2) + "\n") && write(dir / "report.html", html);
}

}  // namespace pharmatwin::experiments
