#include "pharmatwin/serialization/epcis_rules.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "pharmatwin/serialization/epcis_cbv.hpp"
#include "pharmatwin/serialization/epcis_time.hpp"

namespace pharmatwin::serialization {
namespace {

class Reporter {
 public:
  Reporter(const std::vector<std::size_t>& index, const std::string& file,
           const std::string& list_pointer, std::vector<EpcisIssue>& out)
      : index_(index), file_(file), list_pointer_(list_pointer), out_(out) {}

  void add(IssueSeverity severity, std::size_t event, const std::string& member, std::string rule,
           std::string message) {
    EpcisIssue issue;
    issue.severity = severity;
    issue.file = file_;
    const std::size_t list_index = event < index_.size() ? index_[event] : event;
    issue.event_index = static_cast<int>(list_index);
    issue.pointer = list_pointer_ + "/" + std::to_string(list_index) + member;
    issue.rule = std::move(rule);
    issue.message = std::move(message);
    out_.push_back(std::move(issue));
  }
  std::size_t list_index(std::size_t event) const {
    return event < index_.size() ? index_[event] : event;
  }

 private:
  const std::vector<std::size_t>& index_;
  const std::string& file_;
  const std::string& list_pointer_;
  std::vector<EpcisIssue>& out_;
};

const char* epc_member(const Event& e) {
  switch (e.type) {
    case EventType::kAggregation:
    case EventType::kAssociation:
      return "/childEPCs";
    case EventType::kTransformation:
      return "/inputEPCList";
    default:
      return "/epcList";
  }
}

void check_vocabulary(const Event& e, std::size_t i, Reporter& report) {
  auto check = [&](CbvKind kind, const std::string& value, const std::string& member,
                   const char* what) {
    if (value.empty() || is_known_cbv(kind, value) || looks_like_uri(value)) return;
    report.add(IssueSeverity::kError, i, member, "cbv-unknown",
               std::string(what) + " '" + value + "' is not a CBV 2.0 term nor a URI");
  };
  check(CbvKind::kBizStep, e.biz_step, "/bizStep", "bizStep");
  check(CbvKind::kDisposition, e.disposition, "/disposition", "disposition");
  for (std::size_t k = 0; k < e.biz_transactions.size(); ++k) {
    check(CbvKind::kBizTransactionType, e.biz_transactions[k].type,
          "/bizTransactionList/" + std::to_string(k) + "/type", "business transaction type");
  }
  for (std::size_t k = 0; k < e.sources.size(); ++k) {
    check(CbvKind::kSourceDestType, e.sources[k].type, "/sourceList/" + std::to_string(k) + "/type",
          "source type");
  }
  for (std::size_t k = 0; k < e.destinations.size(); ++k) {
    check(CbvKind::kSourceDestType, e.destinations[k].type,
          "/destinationList/" + std::to_string(k) + "/type", "destination type");
  }
}

void check_commissioning(const Event& e, std::size_t i, Reporter& report) {
  if (e.biz_step != "commissioning" || e.type != EventType::kObject) return;
  if (e.action != Action::kAdd) {
    report.add(IssueSeverity::kWarning, i, "/action", "commissioning-action",
               "commissioning should use action ADD");
  }
  if (e.epcs.empty() && e.quantities.empty()) return;
  if (e.ilmd_lot.empty() || e.ilmd_expiry.empty()) {
    std::string missing = e.ilmd_lot.empty() && e.ilmd_expiry.empty() ? "lot number and expiry date"
                          : e.ilmd_lot.empty()                        ? "lot number"
                                                                      : "expiry date";
    report.add(
        IssueSeverity::kWarning, i, "", "ilmd-missing",
        "commissioning without ILMD " + missing + " (cbvmda:lotNumber, cbvmda:itemExpirationDate)");
  }
}

void check_sensors(const Event& e, std::size_t i, Reporter& report) {
  for (std::size_t s = 0; s < e.sensor_elements.size(); ++s) {
    const auto& element = e.sensor_elements[s];
    for (std::size_t r = 0; r < element.reports.size(); ++r) {
      const auto& rep = element.reports[r];
      const std::string where =
          "/sensorElementList/" + std::to_string(s) + "/sensorReport/" + std::to_string(r);
      if (rep.type == "Temperature" && !rep.uom.empty() && rep.uom != "CEL" && rep.uom != "FAH" &&
          rep.uom != "KEL") {
        report.add(IssueSeverity::kWarning, i, where + "/uom", "sensor",
                   "temperature in unit '" + rep.uom + "' (expected CEL, FAH or KEL)");
      }
      if (rep.min_value && rep.max_value && *rep.min_value > *rep.max_value) {
        report.add(IssueSeverity::kWarning, i, where, "sensor", "minValue is above maxValue");
      }
    }
  }
}

bool ends_life(const Event& e) {
  if (e.type != EventType::kObject) return false;
  return e.biz_step == "decommissioning" || e.biz_step == "destroying" ||
         e.biz_step == "dispensing" || e.action == Action::kDelete;
}

struct Lifecycle {
  std::size_t commissioned_by = SIZE_MAX;  // event (position in `events`)
  std::size_t ended_by = SIZE_MAX;
  std::int64_t commissioned_ms = 0;
};

void check_lifecycle(const std::vector<Event>& events, const std::vector<std::size_t>& order,
                     Reporter& report) {
  std::unordered_map<std::string, Lifecycle> life;
  // First pass: when each EPC was commissioned in this document.
  for (std::size_t i : order) {
    const Event& e = events[i];
    if (e.biz_step != "commissioning" || e.error_declared) continue;
    for (const auto& epc : e.epcs) {
      Lifecycle& l = life[epc];
      if (l.commissioned_by != SIZE_MAX) {
        report.add(IssueSeverity::kError, i, epc_member(e), "event-order",
                   epc + " is commissioned again (first by event " +
                       std::to_string(report.list_index(l.commissioned_by)) + ")");
        continue;
      }
      l.commissioned_by = i;
      l.commissioned_ms = e.event_time_ms;
    }
  }
  // Second pass: every use in time order.
  for (std::size_t i : order) {
    const Event& e = events[i];
    if (e.error_declared) continue;
    auto visit = [&](const std::string& epc, const std::string& member) {
      auto it = life.find(epc);
      if (it == life.end()) it = life.emplace(epc, Lifecycle{}).first;
      Lifecycle& l = it->second;
      if (l.ended_by != SIZE_MAX && l.ended_by != i) {
        report.add(IssueSeverity::kError, i, member, "event-order",
                   epc + " appears after event " + std::to_string(report.list_index(l.ended_by)) +
                       " (" + events[l.ended_by].biz_step + ") ended its life");
      } else if (l.commissioned_by != SIZE_MAX && l.commissioned_by != i &&
                 e.event_time_ms < l.commissioned_ms) {
        report.add(IssueSeverity::kError, i, member, "event-order",
                   epc + " appears at " + format_utc_ms(e.event_time_ms) +
                       ", before its commissioning at " + format_utc_ms(l.commissioned_ms));
      }
      if (ends_life(e) && l.ended_by == SIZE_MAX) l.ended_by = i;
    };
    for (const auto& epc : e.epcs) visit(epc, epc_member(e));
    if (!e.parent_id.empty()) visit(e.parent_id, "/parentID");
    for (const auto& epc : e.output_epcs) visit(epc, "/outputEPCList");
  }
}

void check_aggregation(const std::vector<Event>& events, const std::vector<std::size_t>& order,
                       Reporter& report) {
  std::unordered_map<std::string, std::string> parent_of;  // "" = known to be unpacked
  for (std::size_t i : order) {
    const Event& e = events[i];
    if (e.type != EventType::kAggregation || e.error_declared) continue;
    if (e.action == Action::kDelete && e.epcs.empty()) {
      for (auto& [child, parent] : parent_of) {
        if (parent == e.parent_id) parent.clear();
      }
      continue;
    }
    std::unordered_set<std::string> in_event;
    for (std::size_t k = 0; k < e.epcs.size(); ++k) {
      const std::string& child = e.epcs[k];
      const std::string member = "/childEPCs/" + std::to_string(k);
      if (!in_event.insert(child).second) {
        report.add(IssueSeverity::kError, i, member, "aggregation",
                   child + " is listed twice in this event");
        continue;
      }
      if (child == e.parent_id) {
        report.add(IssueSeverity::kError, i, member, "aggregation",
                   child + " is aggregated into itself");
        continue;
      }
      const auto known = parent_of.find(child);
      if (e.action == Action::kAdd) {
        if (known != parent_of.end() && !known->second.empty() && known->second != e.parent_id) {
          report.add(
              IssueSeverity::kError, i, member, "aggregation",
              child + " is added to " + e.parent_id + " while still packed in " + known->second);
        }
        parent_of[child] = e.parent_id;
      } else if (e.action == Action::kDelete) {
        if (known != parent_of.end() && known->second != e.parent_id) {
          report.add(IssueSeverity::kWarning, i, member, "aggregation",
                     child + " is removed from " + e.parent_id + " but is not packed in it");
        }
        parent_of[child] = "";
      } else if (known != parent_of.end() && !known->second.empty() &&
                 known->second != e.parent_id) {
        report.add(
            IssueSeverity::kWarning, i, member, "aggregation",
            child + " is observed in " + e.parent_id + " but was packed in " + known->second);
      }
    }
  }
}

}  // namespace

std::vector<EpcisIssue> check_epcis_rules(const std::vector<Event>& events,
                                          const std::vector<std::size_t>& event_index,
                                          const std::string& file,
                                          const std::string& list_pointer) {
  std::vector<EpcisIssue> issues;
  Reporter report(event_index, file, list_pointer, issues);
  std::unordered_map<std::string, std::size_t> first_with_id;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    check_vocabulary(e, i, report);
    check_commissioning(e, i, report);
    check_sensors(e, i, report);
    if (!e.event_id.empty()) {
      const auto [it, inserted] = first_with_id.emplace(e.event_id, i);
      if (!inserted) {
        report.add(
            IssueSeverity::kError, i, "/eventID", "duplicate-event-id",
            "eventID already used by event " + std::to_string(report.list_index(it->second)));
      }
    }
  }
  std::vector<std::size_t> order(events.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return events[a].event_time_ms < events[b].event_time_ms;
  });
  check_lifecycle(events, order, report);
  check_aggregation(events, order, report);
  std::stable_sort(issues.begin(), issues.end(), [](const EpcisIssue& a, const EpcisIssue& b) {
    return a.event_index < b.event_index;
  });
  return issues;
}

}  // namespace pharmatwin::serialization
