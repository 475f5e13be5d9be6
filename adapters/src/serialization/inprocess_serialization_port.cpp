#include "pharmatwin/adapters/inprocess_serialization_port.hpp"

#include <cmath>

#include "pharmatwin/serialization/epc_uri.hpp"
#include "pharmatwin/serialization/gs1_date.hpp"

namespace pharmatwin::adapters {
namespace {

// EPC URIs need a company prefix length; the repository keys packs by GTIN and serial, so any
// fixed valid length gives the same identities.
constexpr int kPrefixLength = 7;

VerificationStatus status_of(const serialization::FmdAnswer& a, bool suspect) {
  using serialization::NmvsCode;
  switch (a.code) {
    case NmvsCode::kOk:
      if (suspect) return VerificationStatus::kSuspect;
      return serialization::is_inactive(a.status) ? VerificationStatus::kDecommissioned
                                                  : VerificationStatus::kVerified;
    case NmvsCode::kUnknownProductCode:
    case NmvsCode::kUnknownSerial:
      return VerificationStatus::kUnknownSerial;
    case NmvsCode::kUnknownBatch:
    case NmvsCode::kBatchMismatch:
      return VerificationStatus::kLotMismatch;
    case NmvsCode::kExpiryMismatch:
      return VerificationStatus::kExpiryMismatch;
    case NmvsCode::kAlreadyInactive:
      return VerificationStatus::kDecommissioned;
    default:
      return VerificationStatus::kSuspect;
  }
}

serialization::PackStatus status_for_reason(const std::string& reason) {
  using serialization::PackStatus;
  if (reason == "dispensed") return PackStatus::kSupplied;
  if (reason == "stolen") return PackStatus::kStolen;
  if (reason == "sample") return PackStatus::kSample;
  return PackStatus::kDestroyed;
}

}  // namespace

InProcessSerializationPort::InProcessSerializationPort() { repository_.set_alert_sink(&sink_); }

void InProcessSerializationPort::bind(const SerializationSite& site) {
  site_ = site;
  start_ms_ = std::llround(site.start_epoch_s * 1000.0);
}

std::int64_t InProcessSerializationPort::to_ms(double sim_time_s) const {
  return start_ms_ + std::llround(sim_time_s * 1000.0);
}
double InProcessSerializationPort::to_sim_s(std::int64_t time_ms) const {
  return static_cast<double>(time_ms - start_ms_) / 1000.0;
}

std::string InProcessSerializationPort::sgtin(const std::string& gtin, const std::string& serial) {
  auto uri = serialization::make_sgtin_uri(gtin, serial, kPrefixLength);
  if (!uri) {
    errors_.push_back("pack " + gtin + "/" + serial + ": " + uri.error().to_string());
    return {};
  }
  return uri.value();
}

std::string InProcessSerializationPort::sscc(const std::string& code) {
  auto uri = serialization::make_sscc_uri(code, kPrefixLength);
  if (!uri) {
    errors_.push_back("SSCC " + code + ": " + uri.error().to_string());
    return {};
  }
  return uri.value();
}

void InProcessSerializationPort::note(const serialization::Result<bool>& r, const char* what) {
  if (!r) errors_.push_back(std::string(what) + ": " + r.error().to_string());
}

void InProcessSerializationPort::on_commissioning(const CommissioningObservation& o) {
  const std::int64_t ms = to_ms(o.time_s);
  auto expiry = serialization::parse_iso_date(o.expiry);
  if (!expiry) {
    errors_.push_back("commissioning of lot " + o.lot + ": expiry " + expiry.error().to_string());
    return;
  }
  std::vector<std::string> children;
  for (const auto& serial : o.serials) {
    note(repository_.commission(o.gtin, serial, o.lot, expiry.value(), o.owner_gln, ms),
         "commission");
    if (auto uri = sgtin(o.gtin, serial); !uri.empty()) children.push_back(uri);
  }
  if (o.case_sscc.empty()) return;
  const std::string case_uri = sscc(o.case_sscc);
  if (case_uri.empty()) return;
  note(repository_.commission_container(o.case_sscc, o.owner_gln, ms), "commission case");
  note(repository_.pack(case_uri, children, o.owner_gln, ms), "pack case");
  if (!o.pallet_sscc.empty()) {
    const std::string pallet_uri = sscc(o.pallet_sscc);
    if (pallet_uri.empty()) return;
    if (!repository_.find_container(o.pallet_sscc)) {
      note(repository_.commission_container(o.pallet_sscc, o.owner_gln, ms), "commission pallet");
    }
    note(repository_.pack(pallet_uri, {case_uri}, o.owner_gln, ms), "pack pallet");
  }
}

void InProcessSerializationPort::on_shipping(const ShippingObservation& o) {
  for (const auto& code : o.ssccs) {
    if (auto uri = sscc(code); !uri.empty()) {
      note(repository_.ship(uri, o.from_gln, o.to_gln, to_ms(o.time_s)), "ship");
    }
  }
}

void InProcessSerializationPort::on_receiving_scan(const ReceivingScan& o) {
  const std::int64_t ms = to_ms(o.time_s);
  const std::string at = o.site_gln.empty() ? site_.site_gln : o.site_gln;
  if (!o.case_sscc.empty()) {
    if (auto uri = sscc(o.case_sscc); !uri.empty())
      note(repository_.receive(uri, at, ms), "receive");
  }
  for (const auto& pack : o.packs_read) {
    const std::string uri = sgtin(pack.gtin, pack.serial);
    if (uri.empty()) continue;
    if (!o.case_sscc.empty()) check_read_in_case(pack, uri, o.case_sscc, at, ms);
    note(repository_.observe(uri, at, ms), "observe");
  }
}

// A pack read inside a case that its packing events put in another case: the serial is claimed
// twice. When the recorded case is at rest (stock, or delivered) the copy read here is a clone
// (its twin may sit in the same warehouse, where a plain observation sees nothing wrong);
// otherwise the packing events and the goods disagree.
void InProcessSerializationPort::check_read_in_case(const PackLabel& pack, const std::string& uri,
                                                    const std::string& case_sscc,
                                                    const std::string& at, std::int64_t ms) {
  const auto view = repository_.find_pack(pack.gtin, pack.serial);
  if (!view || view->parent_sscc.empty() || view->parent_sscc == case_sscc) return;
  const auto recorded = repository_.find_container(view->parent_sscc);
  serialization::SuspectAlert alert;
  alert.rule = view->in_transit ? serialization::SuspectRule::kAggregationMismatch
                                : serialization::SuspectRule::kClonedSerial;
  alert.subject = uri;
  alert.gtin = pack.gtin;
  alert.serial = pack.serial;
  alert.sscc = case_sscc;
  alert.time_ms = ms;
  alert.location = at;
  alert.evidence = "read in case " + case_sscc + " but packed in case " + view->parent_sscc +
                   (recorded ? " held by " + recorded->custodian : std::string()) +
                   (view->in_transit ? " (in transit)" : "");
  sink_.on_alert(alert);
}

void InProcessSerializationPort::on_storage(const StorageObservation& o) {
  for (const auto& code : o.ssccs) {
    if (auto uri = sscc(code); !uri.empty()) {
      note(repository_.observe(uri, site_.site_gln, to_ms(o.time_s)), "observe");
    }
  }
  if (!recalled_lots_.empty()) hold_recalled_storage(o);
}

void InProcessSerializationPort::decommission(const std::vector<PackLabel>& packs,
                                              serialization::PackStatus status,
                                              const std::string& location, double time_s) {
  for (const auto& p : packs) {
    auto expiry = serialization::parse_iso_date(p.expiry);
    serialization::ProductIdentifier id{p.gtin, p.serial, p.lot,
                                        expiry ? expiry.value() : serialization::CivilDate{}};
    repository_.decommission(id, status, to_ms(time_s), location);
  }
}

void InProcessSerializationPort::on_outbound(const OutboundObservation& o) {
  if (o.dispensed) {
    decommission(o.packs, serialization::PackStatus::kSupplied, o.pharmacy_gln, o.time_s);
    return;
  }
  for (const auto& p : o.packs) {
    if (auto uri = sgtin(p.gtin, p.serial); !uri.empty()) {
      note(repository_.ship(uri, site_.site_gln, o.pharmacy_gln, to_ms(o.time_s)), "ship");
    }
  }
}

void InProcessSerializationPort::on_decommission(const DecommissionObservation& o) {
  decommission(o.packs, status_for_reason(o.reason), site_.site_gln, o.time_s);
}

void InProcessSerializationPort::on_verification_request(const VerificationRequest& o) {
  VerificationAnswer answer{o.request_id, o.time_s, {}};
  const std::string at = o.requester_gln.empty() ? site_.site_gln : o.requester_gln;
  for (const auto& p : o.packs) {
    auto expiry = serialization::parse_iso_date(p.expiry);
    serialization::ProductIdentifier id{p.gtin, p.serial, p.lot,
                                        expiry ? expiry.value() : serialization::CivilDate{}};
    const auto fmd = repository_.verify_fmd(id, to_ms(o.time_s), at);
    const auto view = repository_.find_pack(p.gtin, p.serial);
    auto status = status_of(fmd, view && view->suspect);
    // A recalled or withdrawn batch is inactive: its packs do not verify.
    if (status == VerificationStatus::kVerified && fmd.batch != serialization::BatchStatus::kActive)
      status = VerificationStatus::kDecommissioned;
    answer.statuses.push_back(status);
  }
  answers_.push_back(std::move(answer));
}

void InProcessSerializationPort::advance_to(double sim_time_s, SerializationOutput& out) {
  for (auto& a : answers_) out.answers.push_back(std::move(a));
  answers_.clear();
  for (auto& d : recall_decisions_) out.decisions.push_back(std::move(d));
  recall_decisions_.clear();
  for (; alerts_seen_ < sink_.alerts.size(); ++alerts_seen_) {
    const auto& a = sink_.alerts[alerts_seen_];
    SuspectAlert alert;
    alert.id = "ser-" + std::to_string(alerts_seen_ + 1);
    alert.raised_at_s = to_sim_s(a.time_ms);
    alert.reason = std::string(serialization::to_string(a.rule));
    std::string subject = a.subject;
    std::string key = a.subject;
    // Subjects come as GS1 element strings "(01)<gtin>(21)<serial>" / "(00)<sscc>" or as EPC URIs.
    if (subject.rfind("(01)", 0) == 0 && subject.size() > 22 &&
        subject.compare(18, 4, "(21)") == 0) {
      const std::string gtin = subject.substr(4, 14), serial = subject.substr(22);
      subject = gtin + "/" + serial;
      key = subject;
      if (auto view = repository_.find_pack(gtin, serial))
        alert.lots.push_back(gtin + "/" + view->lot);
    } else if (subject.rfind("(00)", 0) == 0) {
      subject = subject.substr(4);
      key = subject;
    } else if (auto id = serialization::parse_epc_uri(a.subject)) {
      subject = id->component.empty() ? id->key : id->key + "/" + id->component;
      key = subject;
      if (id->scheme == serialization::EpcScheme::kSgtin) {
        if (auto view = repository_.find_pack(id->key, id->component)) {
          alert.lots.push_back(id->key + "/" + view->lot);
        }
      }
    }
    // Quarantine the pack itself when the alert names one (a pack reached through a case has
    // the case's subject or a GS1 element string).
    if (!a.gtin.empty() && !a.serial.empty()) {
      subject = a.gtin + "/" + a.serial;
      key = subject;
    }
    alert.packs.push_back(subject);
    if (quarantined_.insert(key).second) {
      Decision d;
      d.idempotency_key = "quarantine/" + key;
      d.kind = DecisionKind::kQuarantine;
      d.sim_time_s = sim_time_s;
      d.packs.push_back(subject);
      d.alert_id = alert.id;
      d.reason = alert.reason + ": " + a.evidence;
      out.decisions.push_back(std::move(d));
    }
    out.alerts.push_back(std::move(alert));
  }
}

}  // namespace pharmatwin::adapters
