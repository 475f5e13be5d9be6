// The metrics of one sweep run, stored compactly: a sweep's coordinator holds every run's
// metrics until the outputs are written, and a run has a hundred or more of them with long
// names. Names, units and directions are interned once per process, so a metric costs 16 bytes
// a run instead of three strings in a map node.
//
//   RunMetrics m;
//   m["fault.f.latency_s"] = {600, "s", "lower"};
//   if (auto v = m.value("fault.f.latency_s")) use(*v);
//   for (const auto& [name, metric] : m) print(name, metric.value, metric.unit);  // name order
#pragma once

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::experiments {

struct RunMetric {
  double value = 0;
  std::string unit, better;  // better: "higher", "lower", "neither"
  bool operator==(const RunMetric&) const = default;
};

class RunMetrics {
 public:
  struct Stored {
    std::uint32_t name = 0;  // interned name
    std::uint32_t info = 0;  // interned "unit\nbetter"
    double value = 0;
  };

  class Setter {
   public:
    Setter& operator=(const RunMetric& m) {
      owner_.set(name_, m.value, m.unit, m.better);
      return *this;
    }

   private:
    friend class RunMetrics;
    Setter(RunMetrics& owner, std::string_view name) : owner_(owner), name_(name) {}
    RunMetrics& owner_;
    std::string_view name_;
  };

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::pair<std::string_view, RunMetric>;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = value_type;
    const_iterator() = default;
    value_type operator*() const;
    const_iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator==(const const_iterator& o) const { return at_ == o.at_; }

   private:
    friend class RunMetrics;
    explicit const_iterator(const Stored* at) : at_(at) {}
    const Stored* at_ = nullptr;
  };

  // Adds the metric, or replaces the one of that name.
  void set(std::string_view name, double value, std::string_view unit, std::string_view better);
  Setter operator[](std::string_view name) { return Setter(*this, name); }

  std::optional<double> value(std::string_view name) const;
  std::optional<RunMetric> find(std::string_view name) const;
  RunMetric at(std::string_view name) const;  // throws std::out_of_range when absent

  const_iterator begin() const { return const_iterator(entries_.data()); }
  const_iterator end() const { return const_iterator(entries_.data() + entries_.size()); }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void clear() { entries_.clear(); }
  bool operator==(const RunMetrics& o) const;

 private:
  const Stored* locate(std::string_view name) const;
  std::vector<Stored> entries_;  // in name order
};

}  // namespace pharmatwin::experiments
