// Event ingestion and the per-pack steps: ship, receive, observe, status changes. Each step
// checks the custody rules before it updates the pack.
#include <algorithm>
#include <array>

#include "pharmatwin/serialization/epc_uri.hpp"
#include "pharmatwin/serialization/repository.hpp"
#include "seconds.hpp"

namespace pharmatwin::serialization {

namespace {

std::string_view event_location(const Event& event) {
  return event.biz_location.empty() ? std::string_view(event.read_point)
                                    : std::string_view(event.biz_location);
}

std::string_view event_destination(const Event& event) {
  for (const char* type : {"location", "possessing_party", "owning_party"}) {
    for (const auto& d : event.destinations) {
      if (d.type == type) return d.id;
    }
  }
  return {};
}

// Inactive status a decommissioning event sets, by its CBV disposition.
PackStatus status_of_disposition(std::string_view disposition) {
  if (disposition == "stolen") return PackStatus::kStolen;
  if (disposition == "destroyed") return PackStatus::kDestroyed;
  if (disposition == "dispensed" || disposition == "retail_sold") return PackStatus::kSupplied;
  if (disposition == "sample") return PackStatus::kSample;
  if (disposition == "exported") return PackStatus::kExported;
  if (disposition == "locked" || disposition == "non_sellable_other") return PackStatus::kLocked;
  return PackStatus::kCheckedOut;
}

}  // namespace

void Repository::check_reappearing(std::uint32_t p, const Context& ctx, std::string_view what) {
  const PackRecord& pack = packs_[p];
  const PackStatus status = hot(p).status;
  if (status == PackStatus::kActive) return;
  raise(SuspectRule::kDecommissionedReappearing, p, ctx,
        std::string(what) + " at " + locations_.text(ctx.location) + " but the pack is " +
            std::string(to_string(status)) + " since " +
            std::to_string(std::int64_t{pack.status_changed_s} * 1000) + " ms (set at " +
            locations_.text(pack.status_location) + ")");
}

void Repository::check_outside_parent(std::uint32_t p, const Context& ctx) {
  const PackRecord& pack = packs_[p];
  if (!ctx.direct || pack.parent == kNone) return;
  const Container& parent = containers_[pack.parent];
  if (parent.custodian == ctx.location) return;
  raise(SuspectRule::kPackOutsideParent, p, ctx,
        "seen at " + locations_.text(ctx.location) + " while packed in " +
            describe_container(parent) + " which is at " + locations_.text(parent.custodian) +
            (parent.in_transit ? " (in transit)" : ""));
}

void Repository::note_movement(std::uint32_t from, std::uint32_t to, std::int64_t dwell_ms,
                               const Context& ctx) {
  if (options_.learn_movements) {
    anomaly_.learn(from, to, dwell_ms);
  }
}

void Repository::rank_movement(const Scored& scored) {
  const std::size_t limit = options_.anomaly_ranking_size;
  if (limit == 0) return;
  const auto greater = [](const Scored& a, const Scored& b) { return a > b; };
  if (ranking_.size() < limit) {
    ranking_.push_back(scored);
    std::push_heap(ranking_.begin(), ranking_.end(), greater);
  } else if (scored.score > ranking_.front().score) {
    std::pop_heap(ranking_.begin(), ranking_.end(), greater);
    ranking_.back() = scored;
    std::push_heap(ranking_.begin(), ranking_.end(), greater);
  }
}

std::vector<RankedMovement> Repository::most_anomalous() const {
  std::vector<Scored> sorted = ranking_;
  std::sort(sorted.begin(), sorted.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.time_ms < b.time_ms;
  });
  std::vector<RankedMovement> out;
  for (const Scored& s : sorted) {
    out.push_back({s.score, describe_pack(s.pack), locations_.text(s.from), locations_.text(s.to),
                   s.time_ms});
  }
  return out;
}

void Repository::ship_pack(std::uint32_t p, const Context& ctx) {
  check_reappearing(p, ctx, "shipped");
  check_outside_parent(p, ctx);
  PackRecord& pack = packs_[p];
  std::uint8_t& flags = hot(p).flags;
  if ((flags & kInTransit) == 0 && pack.custodian != ctx.location) {
    raise(SuspectRule::kClonedSerial, p, ctx,
          "shipped from " + locations_.text(ctx.location) + " but its custodian is " +
              locations_.text(pack.custodian));
  }
  flags |= kInTransit;
  pack.destination = ctx.destination;
  pack.last_move_s = to_seconds(ctx.time_ms);
  add_custody(pack, CustodyKind::kShipped, ctx.location, ctx.time_ms);
}

void Repository::receive_pack(std::uint32_t p, const Context& ctx) {
  check_reappearing(p, ctx, "received");
  check_outside_parent(p, ctx);
  PackRecord& pack = packs_[p];
  const std::uint32_t from = pack.custodian;
  const std::int64_t last_move_ms = std::int64_t{pack.last_move_s} * 1000;
  if ((hot(p).flags & kInTransit) != 0) {
    if (pack.destination != 0 && pack.destination != ctx.location) {
      raise(SuspectRule::kDiversion, p, ctx,
            "shipped from " + locations_.text(from) + " to " + locations_.text(pack.destination) +
                " but received at " + locations_.text(ctx.location));
    }
    if (ctx.time_ms / 1000 < pack.last_move_s) {
      raise(SuspectRule::kEventOrder, p, ctx,
            "received at " + std::to_string(ctx.time_ms) + " ms, before it was shipped at " +
                std::to_string(last_move_ms) + " ms");
    } else if (from != ctx.location) {
      const auto it = min_transit_ms_.find((std::uint64_t{from} << 32) | ctx.location);
      if (it != min_transit_ms_.end() && ctx.time_ms - last_move_ms < it->second) {
        raise(SuspectRule::kImpossibleTravel, p, ctx,
              "moved " + locations_.text(from) + " -> " + locations_.text(ctx.location) + " in " +
                  std::to_string(ctx.time_ms - last_move_ms) + " ms, shortest transit is " +
                  std::to_string(it->second) + " ms");
      }
    }
  } else if (from != ctx.location) {
    raise(SuspectRule::kEventOrder, p, ctx,
          "received at " + locations_.text(ctx.location) +
              " without a shipping event from its custodian " + locations_.text(from));
  }
  if (from != ctx.location) {
    const auto routes = expected_routes_.find(from);
    if (routes != expected_routes_.end() && !routes->second.contains(ctx.location)) {
      raise(SuspectRule::kDiversion, p, ctx,
            "custody passed " + locations_.text(from) + " -> " + locations_.text(ctx.location) +
                ", outside the expected chain");
    }
    // Dwell at the origin: from the arrival there to the departure.
    const std::int64_t arrived_ms = std::int64_t{pack.arrived_s} * 1000;
    note_movement(from, ctx.location, last_move_ms - arrived_ms, ctx);
    if (!options_.learn_movements) {
      const double score = anomaly_.score(from, ctx.location, last_move_ms - arrived_ms);
      rank_movement(Scored{score, p, from, ctx.location, ctx.time_ms});
      if (score > options_.anomaly_alert_threshold) {
        raise(SuspectRule::kAnomaly, p, ctx,
              "unusual movement " + locations_.text(from) + " -> " + locations_.text(ctx.location) +
                  " (score " + std::to_string(score) + ")",
              score);
      }
    }
  }
  hot(p).flags &= static_cast<std::uint8_t>(~kInTransit);
  pack.destination = 0;
  pack.custodian = ctx.location;
  pack.last_move_s = to_seconds(ctx.time_ms);
  pack.arrived_s = pack.last_move_s;
  add_custody(pack, CustodyKind::kReceived, ctx.location, ctx.time_ms);
}

void Repository::observe_pack(std::uint32_t p, const Context& ctx) {
  check_reappearing(p, ctx, "seen");
  check_outside_parent(p, ctx);
  const PackRecord& pack = packs_[p];
  if (pack.custodian == ctx.location) return;
  if ((hot(p).flags & kInTransit) == 0) {
    raise(SuspectRule::kClonedSerial, p, ctx,
          "seen at " + locations_.text(ctx.location) + " while active at its custodian " +
              locations_.text(pack.custodian));
    return;
  }
  const std::int64_t last_move_ms = std::int64_t{pack.last_move_s} * 1000;
  const auto it = min_transit_ms_.find((std::uint64_t{pack.custodian} << 32) | ctx.location);
  if (it != min_transit_ms_.end() && ctx.time_ms - last_move_ms < it->second) {
    raise(SuspectRule::kImpossibleTravel, p, ctx,
          "seen at " + locations_.text(ctx.location) + " " +
              std::to_string(ctx.time_ms - last_move_ms) + " ms after leaving " +
              locations_.text(pack.custodian) + ", shortest transit is " +
              std::to_string(it->second) + " ms");
  }
}

void Repository::set_status(std::uint32_t p, PackStatus status, const Context& ctx) {
  const char* verb = status == PackStatus::kSupplied ? "dispensed" : "decommissioned";
  check_reappearing(p, ctx, verb);
  PackRecord& pack = packs_[p];
  if (hot(p).status != PackStatus::kActive) return;
  hot(p).status = status;
  pack.status_location = ctx.location;
  pack.status_changed_s = to_seconds(ctx.time_ms);
  add_custody(
      pack,
      status == PackStatus::kSupplied ? CustodyKind::kDispensed : CustodyKind::kDecommissioned,
      ctx.location, ctx.time_ms);
}

void Repository::apply(const Target& target, Step step, PackStatus status, const Context& ctx) {
  if (target.kind == Target::kContainer) {
    apply_container(target.index, step, status, ctx);
    return;
  }
  if (target.kind != Target::kPack) {
    if (target.kind == Target::kUnknownPack) {
      raise(SuspectRule::kUnknownSerial, kNone, ctx,
            std::string("not commissioned; seen at ") + locations_.text(ctx.location));
    }
    return;
  }
  switch (step) {
    case Step::kShip:
      ship_pack(target.index, ctx);
      break;
    case Step::kReceive:
      receive_pack(target.index, ctx);
      break;
    case Step::kObserve:
      observe_pack(target.index, ctx);
      break;
    case Step::kDispense:
    case Step::kDecommission:
    case Step::kDestroy:
      set_status(target.index, status, ctx);
      break;
  }
}

// A step on a case or pallet applies to everything inside it (a scan of the SSCC implies its
// contents, as long as nobody unpacked them).
void Repository::apply_container(std::uint32_t c, Step step, PackStatus status,
                                 const Context& ctx) {
  Context inner = ctx;
  inner.direct = false;
  {
    Container& container = containers_[c];
    if (step == Step::kShip) {
      container.in_transit = true;
      container.destination = ctx.destination;
      container.last_move_s = to_seconds(ctx.time_ms);
    } else if (step == Step::kReceive) {
      container.in_transit = false;
      container.destination = 0;
      container.custodian = ctx.location;
      container.last_move_s = to_seconds(ctx.time_ms);
    }
  }
  // Index loops: the vectors are not resized during the walk.
  for (std::size_t i = 0; i < containers_[c].packs.size(); ++i) {
    // An empty subject: an alert on the pack names it by describe_pack(p), as it would be
    // named here, so the text is made only when an alert is raised.
    const std::uint32_t p = containers_[c].packs[i];
    Context child = inner;
    child.subject = {};
    apply(Target{Target::kPack, p}, step, status, child);
  }
  for (std::size_t i = 0; i < containers_[c].containers.size(); ++i) {
    apply_container(containers_[c].containers[i], step, status, inner);
  }
}

Result<bool> Repository::ingest(const Event& event) {
  if (event.error_declared) return false;
  const std::uint32_t location = location_id(event_location(event));
  if (event.type == EventType::kAggregation) return aggregate(event, location);

  Context ctx{event.event_time_ms, location, 0, {}, event.event_id, true};
  const std::string_view step_name = event.biz_step;
  if (step_name == "commissioning" ||
      (event.action == Action::kAdd && event.type == EventType::kObject)) {
    // Packs get the lot/expiry of the event's ILMD; SSCCs become containers.
    std::int32_t expiry = 0;
    if (!event.ilmd_expiry.empty()) {
      auto date = parse_iso_date(event.ilmd_expiry);
      if (!date)
        return make_error("ilmd itemExpirationDate", date.error().position, date.error().rule);
      expiry = to_yyyymmdd(date.value());
    }
    for (const std::string& uri : event.epcs) {
      auto epc = parse_epc_uri(uri);
      if (!epc) return epc.error();
      if (epc->scheme == EpcScheme::kSscc) {
        auto done = commission_container(epc->key, event_location(event), event.event_time_ms);
        if (!done) return done.error();
        continue;
      }
      if (epc->scheme != EpcScheme::kSgtin) continue;
      const std::uint64_t gtin = *gtin_to_number(epc->key);
      const std::uint32_t batch = batch_of(gtin_index(gtin), event.ilmd_lot, expiry);
      ctx.subject = uri;
      auto done = commission_pack(gtin, epc->component, batch, ctx);
      if (!done) return done.error();
    }
    return true;
  }

  Step step = Step::kObserve;
  PackStatus status = PackStatus::kActive;
  if (step_name == "shipping" || step_name == "departing") {
    step = Step::kShip;
    const std::string_view destination = event_destination(event);
    ctx.destination = destination.empty() ? 0 : location_id(destination);
  } else if (step_name == "receiving" || step_name == "arriving" || step_name == "accepting") {
    step = Step::kReceive;
  } else if (step_name == "dispensing" || step_name == "retail_selling") {
    step = Step::kDispense;
    status = PackStatus::kSupplied;
  } else if (step_name == "decommissioning") {
    step = Step::kDecommission;
    status = status_of_disposition(event.disposition);
  } else if (step_name == "destroying") {
    step = Step::kDestroy;
    status = PackStatus::kDestroyed;
  } else if (event.disposition == "stolen") {
    step = Step::kDecommission;
    status = PackStatus::kStolen;
  }
  for (const std::string& uri : event.epcs) {
    auto target = resolve(uri);
    if (!target) return target.error();
    ctx.subject = uri;
    apply(target.value(), step, status, ctx);
  }
  return true;
}

std::size_t Repository::ingest_batch(std::span<const Event> events,
                                     std::vector<std::pair<std::size_t, Error>>* errors) {
  // Two prefetch stages run ahead of the event being applied: eight events ahead the first
  // pack's index slot is requested, four ahead (slot now in cache) its record. Applying then
  // finds both in cache. Prefetching only hints, so the results equal plain ingest().
  constexpr std::size_t kSlotAhead = 8, kRecordAhead = 4, kRing = 16;
  struct Pending {
    std::optional<PackKey> key;
    std::uint64_t hash = 0;
  };
  std::array<Pending, kRing> ring;
  const auto request_slot = [&](std::size_t j) {
    Pending& pending = ring[j % kRing];
    pending.key.reset();
    if (events[j].epcs.empty() || events[j].type == EventType::kAggregation) return;
    auto epc = parse_epc_uri(events[j].epcs.front());
    if (!epc || epc->scheme != EpcScheme::kSgtin) return;
    const std::uint32_t gi = find_gtin_index(*gtin_to_number(epc->key));
    if (gi == kNone) return;
    pending.key = find_key(gi, epc->component);
    if (!pending.key) return;
    pending.hash = PackTable::hash(*pending.key);
    table_.prefetch(pending.hash);
  };
  const auto request_record = [&](std::size_t j) {
    const Pending& pending = ring[j % kRing];
    if (!pending.key) return;
    const std::uint32_t slot = table_.find(*pending.key, pending.hash);
    if (slot != PackTable::kNotFound) __builtin_prefetch(&packs_[table_[slot].record()]);
  };
  for (std::size_t j = 0; j < std::min(kSlotAhead, events.size()); ++j) request_slot(j);
  for (std::size_t j = 0; j < std::min(kRecordAhead, events.size()); ++j) request_record(j);
  std::size_t applied = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i + kSlotAhead < events.size()) request_slot(i + kSlotAhead);
    if (i + kRecordAhead < events.size()) request_record(i + kRecordAhead);
    auto result = ingest(events[i]);
    if (result) {
      ++applied;
    } else if (errors != nullptr) {
      errors->emplace_back(i, result.error());
    }
  }
  return applied;
}

Result<bool> Repository::ship(std::string_view epc_uri, std::string_view from, std::string_view to,
                              std::int64_t time_ms) {
  auto target = resolve(epc_uri);
  if (!target) return target.error();
  const Context ctx{time_ms, location_id(from), to.empty() ? 0 : location_id(to), epc_uri, {},
                    true};
  apply(target.value(), Step::kShip, PackStatus::kActive, ctx);
  return true;
}

Result<bool> Repository::receive(std::string_view epc_uri, std::string_view at,
                                 std::int64_t time_ms) {
  auto target = resolve(epc_uri);
  if (!target) return target.error();
  const Context ctx{time_ms, location_id(at), 0, epc_uri, {}, true};
  apply(target.value(), Step::kReceive, PackStatus::kActive, ctx);
  return true;
}

Result<bool> Repository::observe(std::string_view epc_uri, std::string_view at,
                                 std::int64_t time_ms) {
  auto target = resolve(epc_uri);
  if (!target) return target.error();
  const Context ctx{time_ms, location_id(at), 0, epc_uri, {}, true};
  apply(target.value(), Step::kObserve, PackStatus::kActive, ctx);
  return true;
}

}  // namespace pharmatwin::serialization
