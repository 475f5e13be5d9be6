#include "pharmatwin/adapters/epcis_file_port.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>

#include "pharmatwin/serialization/epc_uri.hpp"
#include "pharmatwin/serialization/epcis_writer.hpp"
#include "pharmatwin/serialization/gs1_date.hpp"

namespace pharmatwin::adapters {
namespace {

constexpr int kPrefixLength = 7;
constexpr std::int64_t kMsPerDay = 86'400'000;

std::string or_empty(serialization::Result<std::string> r) { return r ? r.value() : std::string(); }

}  // namespace

EpcisFilePort::EpcisFilePort(std::filesystem::path dir, std::unique_ptr<SerializationPort> inner)
    : dir_(std::move(dir)), inner_(std::move(inner)) {}

EpcisFilePort::~EpcisFilePort() = default;

std::string EpcisFilePort::sgtin(const std::string& gtin, const std::string& serial) const {
  return or_empty(serialization::make_sgtin_uri(gtin, serial, kPrefixLength));
}
std::string EpcisFilePort::sscc(const std::string& code) const {
  return or_empty(serialization::make_sscc_uri(code, kPrefixLength));
}

void EpcisFilePort::bind(const SerializationSite& site) {
  site_ = site;
  start_ms_ = std::llround(site.start_epoch_s * 1000.0);
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) throw std::runtime_error("cannot create " + dir_.string() + ": " + ec.message());
  if (inner_) inner_->bind(site);
}

serialization::Event EpcisFilePort::object_event(double time_s, serialization::Action action,
                                                 const char* biz_step, const char* disposition,
                                                 const std::string& location_gln) {
  serialization::Event e;
  e.type = serialization::EventType::kObject;
  e.event_time_ms = start_ms_ + std::llround(time_s * 1000.0);
  e.action = action;
  e.biz_step = biz_step;
  e.disposition = disposition;
  const std::string sgln = or_empty(serialization::make_sgln_uri(location_gln, "0", kPrefixLength));
  e.read_point = sgln;
  e.biz_location = sgln;
  return e;
}

void EpcisFilePort::add(serialization::Event event) {
  const std::int64_t day = event.event_time_ms / kMsPerDay;
  if (day != day_ && !events_.empty()) write_day();
  day_ = day;
  events_.push_back(std::move(event));
}

void EpcisFilePort::write_day() {
  if (events_.empty()) return;
  const auto date = serialization::civil_from_days(day_);
  char name[32];
  std::snprintf(name, sizeof name, "%04d-%02d-%02d.jsonld", date.year, date.month, date.day);
  const auto path = dir_ / name;
  // Events are in time order within a day; a later batch of the same day adds a numbered file.
  auto target = path;
  for (int n = 2; std::filesystem::exists(target); ++n) {
    target = dir_ / (std::string(name, 10) + "-" + std::to_string(n) + ".jsonld");
  }
  const auto doc = serialization::to_epcis_document(events_, events_.back().event_time_ms);
  std::ofstream file(target);
  file << doc.dump(2) << '\n';
  if (!file) throw std::runtime_error("cannot write " + target.string());
  files_.push_back(target);
  events_.clear();
}

void EpcisFilePort::on_commissioning(const CommissioningObservation& o) {
  auto e =
      object_event(o.time_s, serialization::Action::kAdd, "commissioning", "active", o.owner_gln);
  for (const auto& serial : o.serials) {
    if (auto uri = sgtin(o.gtin, serial); !uri.empty()) e.epcs.push_back(uri);
  }
  e.ilmd_lot = o.lot;
  e.ilmd_expiry = o.expiry;
  const auto children = e.epcs;
  add(e);
  if (!o.case_sscc.empty()) {
    auto agg =
        object_event(o.time_s, serialization::Action::kAdd, "packing", "in_progress", o.owner_gln);
    agg.type = serialization::EventType::kAggregation;
    agg.parent_id = sscc(o.case_sscc);
    agg.epcs = children;
    add(agg);
    if (!o.pallet_sscc.empty()) {
      agg.parent_id = sscc(o.pallet_sscc);
      agg.epcs = {sscc(o.case_sscc)};
      add(agg);
    }
  }
  if (inner_) inner_->on_commissioning(o);
}

void EpcisFilePort::on_shipping(const ShippingObservation& o) {
  auto e =
      object_event(o.time_s, serialization::Action::kObserve, "shipping", "in_transit", o.from_gln);
  for (const auto& code : o.ssccs) e.epcs.push_back(sscc(code));
  e.sources.push_back(
      {"owning_party", or_empty(serialization::make_pgln_uri(o.from_gln, kPrefixLength))});
  e.destinations.push_back(
      {"owning_party", or_empty(serialization::make_pgln_uri(o.to_gln, kPrefixLength))});
  add(e);
  if (inner_) inner_->on_shipping(o);
}

void EpcisFilePort::on_receiving_scan(const ReceivingScan& o) {
  const std::string at = o.site_gln.empty() ? site_.site_gln : o.site_gln;
  auto e = object_event(o.time_s, serialization::Action::kObserve, "receiving", "in_progress", at);
  if (!o.case_sscc.empty()) e.epcs.push_back(sscc(o.case_sscc));
  for (const auto& p : o.packs_read) {
    if (auto uri = sgtin(p.gtin, p.serial); !uri.empty()) e.epcs.push_back(uri);
  }
  add(e);
  if (inner_) inner_->on_receiving_scan(o);
}

void EpcisFilePort::on_storage(const StorageObservation& o) {
  auto e = object_event(o.time_s, serialization::Action::kObserve, "storing", "in_progress",
                        site_.site_gln);
  for (const auto& code : o.ssccs) e.epcs.push_back(sscc(code));
  add(e);
  if (inner_) inner_->on_storage(o);
}

void EpcisFilePort::on_outbound(const OutboundObservation& o) {
  auto e = o.dispensed ? object_event(o.time_s, serialization::Action::kObserve, "dispensing",
                                      "dispensed", o.pharmacy_gln)
                       : object_event(o.time_s, serialization::Action::kObserve, "shipping",
                                      "in_transit", site_.site_gln);
  for (const auto& p : o.packs) {
    if (auto uri = sgtin(p.gtin, p.serial); !uri.empty()) e.epcs.push_back(uri);
  }
  if (!o.dispensed) {
    e.destinations.push_back(
        {"owning_party", or_empty(serialization::make_pgln_uri(o.pharmacy_gln, kPrefixLength))});
  }
  add(e);
  if (inner_) inner_->on_outbound(o);
}

void EpcisFilePort::on_decommission(const DecommissionObservation& o) {
  const bool destroyed = o.reason == "destroyed";
  auto e = object_event(
      o.time_s, serialization::Action::kDelete, destroyed ? "destroying" : "decommissioning",
      destroyed ? "destroyed" : (o.reason == "stolen" ? "stolen" : "inactive"), site_.site_gln);
  for (const auto& p : o.packs) {
    if (auto uri = sgtin(p.gtin, p.serial); !uri.empty()) e.epcs.push_back(uri);
  }
  add(e);
  if (inner_) inner_->on_decommission(o);
}

void EpcisFilePort::on_verification_request(const VerificationRequest& o) {
  if (inner_) inner_->on_verification_request(o);
}

// The site segregates the recalled lot: the whole class (every pack of the lot), not a list of
// serials, as the notice names a batch.
void EpcisFilePort::on_batch_status(const BatchStatusNotice& n) {
  const char* disposition = n.status == "recalled"    ? "recalled"
                            : n.status == "withdrawn" ? "non_sellable_other"
                                                      : "sellable_accessible";
  auto e = object_event(n.time_s, serialization::Action::kObserve, "holding", disposition,
                        site_.site_gln);
  const std::string lgtin = or_empty(serialization::make_lgtin_uri(n.gtin, n.lot, kPrefixLength));
  if (!lgtin.empty()) {
    e.quantities.push_back({lgtin, -1, ""});  // the whole lot: no count
    add(e);
  }
  if (inner_) inner_->on_batch_status(n);
}

void EpcisFilePort::advance_to(double sim_time_s, SerializationOutput& out) {
  if (inner_) inner_->advance_to(sim_time_s, out);
}

void EpcisFilePort::finish(double sim_time_s, SerializationOutput& out) {
  write_day();
  if (inner_) inner_->finish(sim_time_s, out);
}

}  // namespace pharmatwin::adapters
