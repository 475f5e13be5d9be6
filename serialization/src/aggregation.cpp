// Aggregation hierarchy: packing (AggregationEvent ADD), unpacking (DELETE) and checking an
// observed case against what was packed into it (OBSERVE).
#include <algorithm>
#include <unordered_set>

#include "pharmatwin/serialization/epc_uri.hpp"
#include "pharmatwin/serialization/repository.hpp"

namespace pharmatwin::serialization {

namespace {

template <typename T>
void erase_value(std::vector<T>& values, T value) {
  const auto it = std::find(values.begin(), values.end(), value);
  if (it != values.end()) values.erase(it);
}

}  // namespace

void Repository::attach(std::uint32_t container, const Target& child, const Context& ctx) {
  if (child.kind == Target::kContainer) {
    if (child.index == container) return;
    Container& inner = containers_[child.index];
    if (inner.parent != kNone) erase_value(containers_[inner.parent].containers, child.index);
    inner.parent = container;
    containers_[container].containers.push_back(child.index);
    return;
  }
  if (child.kind != Target::kPack) {
    if (child.kind == Target::kUnknownPack) {
      raise(
          SuspectRule::kUnknownSerial, kNone, ctx,
          "packed into " + describe_container(containers_[container]) + " but never commissioned");
    }
    return;
  }
  check_reappearing(child.index, ctx, "packed");
  PackRecord& pack = packs_[child.index];
  if (pack.parent == container) return;
  if (pack.parent != kNone) {
    raise(SuspectRule::kAggregationMismatch, child.index, ctx,
          "packed into " + describe_container(containers_[container]) + " while still in " +
              describe_container(containers_[pack.parent]));
    erase_value(containers_[pack.parent].packs, child.index);
  }
  pack.parent = container;
  containers_[container].packs.push_back(child.index);
}

void Repository::detach(std::uint32_t container, const Target& child) {
  if (child.kind == Target::kContainer && containers_[child.index].parent == container) {
    containers_[child.index].parent = kNone;
    erase_value(containers_[container].containers, child.index);
  } else if (child.kind == Target::kPack && packs_[child.index].parent == container) {
    packs_[child.index].parent = kNone;
    erase_value(containers_[container].packs, child.index);
  }
}

void Repository::compare_contents(std::uint32_t container, const std::vector<Target>& seen,
                                  const Context& ctx) {
  std::unordered_set<std::uint32_t> seen_packs, seen_containers;
  std::size_t unknown = 0;
  for (const Target& t : seen) {
    if (t.kind == Target::kPack)
      seen_packs.insert(t.index);
    else if (t.kind == Target::kContainer)
      seen_containers.insert(t.index);
    else
      ++unknown;
  }
  const Container& c = containers_[container];
  std::vector<std::uint32_t> missing, extra;
  for (const std::uint32_t p : c.packs) {
    if (!seen_packs.contains(p)) missing.push_back(p);
  }
  for (const std::uint32_t p : seen_packs) {
    if (packs_[p].parent != container) extra.push_back(p);
  }
  std::size_t missing_containers = 0, extra_containers = 0;
  for (const std::uint32_t child : c.containers)
    missing_containers += seen_containers.contains(child) ? 0 : 1;
  for (const std::uint32_t child : seen_containers)
    extra_containers += containers_[child].parent == container ? 0 : 1;
  if (missing.empty() && extra.empty() && unknown == 0 && missing_containers == 0 &&
      extra_containers == 0) {
    return;
  }
  std::sort(extra.begin(), extra.end());
  std::string evidence = describe_container(c) + " holds " + std::to_string(c.packs.size()) +
                         " packs by its packing events; scan at " + locations_.text(ctx.location) +
                         " found " + std::to_string(seen_packs.size() + unknown) + ": " +
                         std::to_string(missing.size()) + " missing, " +
                         std::to_string(extra.size()) + " not packed in it, " +
                         std::to_string(unknown) + " unknown";
  if (missing_containers + extra_containers > 0) {
    evidence += ", " + std::to_string(missing_containers) + " inner containers missing, " +
                std::to_string(extra_containers) + " foreign";
  }
  if (!missing.empty()) evidence += "; first missing " + describe_pack(missing.front());
  if (!extra.empty()) evidence += "; first foreign " + describe_pack(extra.front());
  Context at_case = ctx;
  const std::string subject = describe_container(c);
  at_case.subject = subject;
  // One alert for the case, naming the first differing pack (or none).
  raise(SuspectRule::kAggregationMismatch,
        !missing.empty() ? missing.front() : (!extra.empty() ? extra.front() : kNone), at_case,
        std::move(evidence), 0, container);
}

Result<bool> Repository::aggregate(const Event& event, std::uint32_t location) {
  auto parent = parse_epc_uri(event.parent_id);
  if (!parent) return parent.error();
  if (parent->scheme != EpcScheme::kSscc) {
    return make_error("parentID", 0, "only SSCC parents are supported");
  }
  std::uint64_t sscc = 0;
  for (const char c : parent->key) sscc = sscc * 10 + static_cast<std::uint64_t>(c - '0');
  const bool adding = event.action == Action::kAdd;
  const std::uint32_t container = container_of(sscc, /*create=*/adding);
  Context ctx{event.event_time_ms, location, 0, event.parent_id, event.event_id, true};
  if (container == kNone) {
    if (event.action == Action::kObserve) {
      raise(SuspectRule::kAggregationMismatch, kNone, ctx, "observed a container never packed");
    }
    return true;
  }
  if (adding && containers_[container].custodian == 0) containers_[container].custodian = location;

  std::vector<Target> children;
  children.reserve(event.epcs.size());
  for (const std::string& uri : event.epcs) {
    auto t = resolve(uri);
    if (!t) return t.error();
    children.push_back(t.value());
  }
  switch (event.action) {
    case Action::kAdd:
      for (std::size_t i = 0; i < children.size(); ++i) {
        ctx.subject = event.epcs[i];
        attach(container, children[i], ctx);
      }
      break;
    case Action::kDelete:
      if (children.empty()) {
        for (const std::uint32_t p : containers_[container].packs) packs_[p].parent = kNone;
        for (const std::uint32_t c : containers_[container].containers)
          containers_[c].parent = kNone;
        containers_[container].packs.clear();
        containers_[container].containers.clear();
      }
      for (const Target& child : children) detach(container, child);
      break;
    case Action::kObserve:
    case Action::kNone:
      compare_contents(container, children, ctx);
      break;
  }
  return true;
}

Result<bool> Repository::pack(std::string_view parent_uri,
                              const std::vector<std::string>& child_uris, std::string_view location,
                              std::int64_t time_ms) {
  Event event;
  event.type = EventType::kAggregation;
  event.action = Action::kAdd;
  event.biz_step = "packing";
  event.parent_id = std::string(parent_uri);
  event.epcs = child_uris;
  event.event_time_ms = time_ms;
  event.biz_location = std::string(location);
  return ingest(event);
}

Result<bool> Repository::unpack(std::string_view parent_uri,
                                const std::vector<std::string>& child_uris,
                                std::string_view location, std::int64_t time_ms) {
  Event event;
  event.type = EventType::kAggregation;
  event.action = Action::kDelete;
  event.biz_step = "unpacking";
  event.parent_id = std::string(parent_uri);
  event.epcs = child_uris;
  event.event_time_ms = time_ms;
  event.biz_location = std::string(location);
  return ingest(event);
}

}  // namespace pharmatwin::serialization
