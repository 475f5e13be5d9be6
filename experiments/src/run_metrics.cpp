#include "pharmatwin/experiments/run_metrics.hpp"

#include <algorithm>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace pharmatwin::experiments {
namespace {

// Every string interned by this process; ids index `strings`. A deque keeps views stable.
class Interned {
 public:
  std::uint32_t id(std::string_view s) {
    std::lock_guard lock(mutex_);
    const auto it = ids_.find(s);
    if (it != ids_.end()) return it->second;
    const std::string& kept = strings_.emplace_back(s);
    const auto id = static_cast<std::uint32_t>(strings_.size() - 1);
    ids_.emplace(kept, id);
    return id;
  }
  // Returns the id of `s` if it was interned; never adds.
  std::optional<std::uint32_t> known(std::string_view s) {
    std::lock_guard lock(mutex_);
    const auto it = ids_.find(s);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  std::string_view text(std::uint32_t id) {
    std::lock_guard lock(mutex_);
    return strings_[id];
  }

 private:
  std::mutex mutex_;
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

Interned& interned() {
  static Interned* table = new Interned();  // never destroyed: records may outlive statics
  return *table;
}

RunMetric metric_of(const RunMetrics::Stored& s) {
  const std::string_view info = interned().text(s.info);
  const auto cut = info.find('\n');
  return {s.value, std::string(info.substr(0, cut)), std::string(info.substr(cut + 1))};
}

}  // namespace

RunMetrics::const_iterator::value_type RunMetrics::const_iterator::operator*() const {
  return {interned().text(at_->name), metric_of(*at_)};
}

void RunMetrics::set(std::string_view name, double value, std::string_view unit,
                     std::string_view better) {
  std::string info;
  info.reserve(unit.size() + 1 + better.size());
  info.append(unit).append(1, '\n').append(better);
  const Stored stored{interned().id(name), interned().id(info), value};
  const auto at = std::lower_bound(
      entries_.begin(), entries_.end(), name,
      [](const Stored& e, std::string_view n) { return interned().text(e.name) < n; });
  if (at != entries_.end() && at->name == stored.name) {
    *at = stored;
  } else {
    entries_.insert(at, stored);
  }
}

const RunMetrics::Stored* RunMetrics::locate(std::string_view name) const {
  const auto id = interned().known(name);
  if (!id) return nullptr;
  const auto at = std::lower_bound(
      entries_.begin(), entries_.end(), name,
      [](const Stored& e, std::string_view n) { return interned().text(e.name) < n; });
  return at != entries_.end() && at->name == *id ? &*at : nullptr;
}

std::optional<double> RunMetrics::value(std::string_view name) const {
  const Stored* s = locate(name);
  if (!s) return std::nullopt;
  return s->value;
}

std::optional<RunMetric> RunMetrics::find(std::string_view name) const {
  const Stored* s = locate(name);
  if (!s) return std::nullopt;
  return metric_of(*s);
}

RunMetric RunMetrics::at(std::string_view name) const {
  const Stored* s = locate(name);
  if (!s) throw std::out_of_range("no metric " + std::string(name));
  return metric_of(*s);
}

bool RunMetrics::operator==(const RunMetrics& o) const {
  return std::equal(entries_.begin(), entries_.end(), o.entries_.begin(), o.entries_.end(),
                    [](const Stored& a, const Stored& b) {
                      return a.name == b.name && a.info == b.info && a.value == b.value;
                    });
}

}  // namespace pharmatwin::experiments
