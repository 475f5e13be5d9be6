// Alert lifecycle: raise, update, clear, acknowledge, and delivery of events.
#include <algorithm>

#include "engine_impl.hpp"

namespace pharmatwin::detection {

namespace {

// Alert types whose concern is the product stored in the zone.
bool concerns_lots(AlertType type) {
  switch (type) {
    case AlertType::kExcursionHigh:
    case AlertType::kExcursionLow:
    case AlertType::kEarlyWarning:
    case AlertType::kHvacFailure:
    case AlertType::kPowerFailure:
    case AlertType::kMktExceeded:
    case AlertType::kExcursionNotAllowed:
      return true;
    default:
      return false;
  }
}

// Routing gives the base priority of a type; severity moves it (critical one step more urgent,
// low one and info two steps less), within 1..5.
int priority_for(const Route& route, Severity severity) {
  int shift = 0;
  switch (severity) {
    case Severity::kCritical:
      shift = -1;
      break;
    case Severity::kLow:
      shift = 1;
      break;
    case Severity::kInfo:
      shift = 2;
      break;
    default:
      break;
  }
  return std::clamp(route.priority + shift, 1, 5);
}

}  // namespace

AlertId Engine::Impl::raise(AlertSpec spec) {
  const AlertId id = next_alert++;
  AlertRecord record;
  record.type = spec.type;
  record.severity = spec.severity;
  record.action = spec.action;
  record.zone = spec.zone;
  record.sensor = spec.sensor;
  if (spec.lot >= 0) {
    record.has_lot = true;
    record.lot = lots[static_cast<std::size_t>(spec.lot)].lot.id;
  }
  const Policy& policy = policy_of_zone(spec.zone);
  record.late = now != kNoTime && spec.time_ms < now - policy.data_quality.late_after_ms;
  auto [it, inserted] = alerts.emplace(id, record);
  emit(id, it->second, Lifecycle::kRaised, spec.time_ms, spec.value, std::move(spec.evidence),
       std::move(spec.detail));
  return id;
}

void Engine::Impl::update(AlertId id, Severity severity, Action action, TimeMs time_ms,
                          double value, std::vector<Evidence> evidence, std::string detail) {
  auto it = alerts.find(id);
  if (it == alerts.end()) return;
  it->second.severity = severity;
  it->second.action = action;
  emit(id, it->second, Lifecycle::kUpdated, time_ms, value, std::move(evidence), std::move(detail));
}

void Engine::Impl::clear(AlertId& id, TimeMs time_ms, double value, std::string detail) {
  auto it = alerts.find(id);
  id = 0;
  if (it == alerts.end()) return;
  it->second.cleared = true;
  emit(it->first, it->second, Lifecycle::kCleared, time_ms, value, {}, std::move(detail));
  if (it->second.acknowledged) alerts.erase(it);
}

bool Engine::Impl::acknowledge(AlertId id, Decision decision) {
  auto it = alerts.find(id);
  if (it == alerts.end()) return false;
  it->second.acknowledged = true;
  AlertRecord record = it->second;
  if (record.cleared) alerts.erase(it);
  const TimeMs at = now == kNoTime ? 0 : now;
  emit(id, record, Lifecycle::kAcknowledged, at, 0.0, {},
       "decision: " + std::string(to_string(decision)), decision);
  return true;
}

void Engine::Impl::emit(AlertId id, const AlertRecord& record, Lifecycle lifecycle, TimeMs time_ms,
                        double value, std::vector<Evidence> evidence, std::string detail,
                        Decision decision) {
  const Policy& policy = policy_of_zone(record.zone);
  AlertEvent event;
  event.lifecycle = lifecycle;
  event.id = id;
  event.type = record.type;
  event.severity = record.severity;
  event.time_ms = time_ms;
  event.emitted_ms = now == kNoTime ? time_ms : now;
  event.late = record.late;
  event.zone = record.zone;
  event.sensor = record.sensor;
  const ZoneState& zone = zones[record.zone];
  if (record.has_lot) {
    event.lots.push_back(record.lot);
  } else if (concerns_lots(record.type)) {
    for (const ZoneLot& member : zone.lots) event.lots.push_back(lots[member.lot].lot.id);
  }
  event.value = value;
  const Route& route = policy.routing[static_cast<int>(record.type)];
  event.team = route.team;
  event.priority = priority_for(route, record.severity);
  event.action = record.action;
  event.policy_version = policy.version;
  event.decision = decision;
  event.evidence = std::move(evidence);
  event.detail = std::move(detail);
  ++stats.events;
  if (sink) {
    sink(event);
  } else {
    queue.push_back(std::move(event));
  }
}

}  // namespace pharmatwin::detection
