// Writes alert lifecycle events as CSV (with a header) or JSON lines, naming zones, sensors and
// lots through the engine's registry. Output is a pure function of the events: deterministic.
#pragma once

#include <ostream>

#include "pharmatwin/detection/alerts.hpp"
#include "pharmatwin/detection/engine.hpp"

namespace pharmatwin::detection {

enum class AlertFormat { kCsv, kJsonl };

class AlertWriter {
 public:
  AlertWriter(std::ostream& out, AlertFormat format, const Engine& engine);
  // Writes the CSV header once (no-op for JSON lines); write() calls it if needed.
  void header();
  void write(const AlertEvent& event);
  std::size_t written() const { return written_; }

 private:
  std::ostream& out_;
  AlertFormat format_;
  const Engine& engine_;
  bool header_done_ = false;
  std::size_t written_ = 0;
};

}  // namespace pharmatwin::detection
