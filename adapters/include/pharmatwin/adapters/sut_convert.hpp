// Conversions between the port types and the messages of the system-under-test protocol.
// The from_wire() functions validate what a system sent and throw SutError(kMalformed) naming
// the offending field.
#pragma once

#include <map>
#include <string>

#include "pharmatwin/adapters/detection_port.hpp"
#include "pharmatwin/adapters/serialization_port.hpp"
#include "pharmatwin/sut_protocol.pb.h"

namespace pharmatwin::adapters {

// `storage_classes` (by zone name) fills Zone.storage_class.
void to_wire(const SiteLayout& layout, const std::map<std::string, std::string>& storage_classes,
             sut::Layout& out);
SiteLayout from_wire(const sut::Layout& layout);
// Appends readings to the columns of `out`.
void append_to_wire(std::span<const SensorReading> readings, sut::Readings& out);
void to_wire(std::span<const ZoneTelemetry> telemetry, sut::Telemetry& out);
void to_wire(std::span<const ZoneStock> stock, sut::Stock& out);
// `zones`: count of the layout, to check indices (0 = do not check).
std::vector<ZoneStock> from_wire(const sut::Stock& stock, std::size_t zones);
// Throws SutError(kMalformed) when the columns differ in length.
std::vector<SensorReading> from_wire(const sut::Readings& readings);
std::vector<ZoneTelemetry> from_wire(const sut::Telemetry& telemetry);

void to_wire(const Alert& alert, sut::Alert& out);
void to_wire(const Decision& decision, sut::Decision& out);
// `zones`/`sensors`: counts of the layout, to check indices (0 = do not check).
Alert from_wire(const sut::Alert& alert, std::size_t zones, std::size_t sensors);
Decision from_wire(const sut::Decision& decision);

void to_wire(const SerializationSite& site, sut::SerializationSite& out);
SerializationSite from_wire(const sut::SerializationSite& site);
void to_wire(const PackLabel& label, sut::PackLabel& out);
PackLabel from_wire(const sut::PackLabel& label);
void to_wire(const CommissioningObservation& o, sut::Commissioning& out);
void to_wire(const ShippingObservation& o, sut::Shipping& out);
void to_wire(const ReceivingScan& o, sut::ReceivingScan& out);
void to_wire(const StorageObservation& o, sut::Storage& out);
void to_wire(const OutboundObservation& o, sut::Outbound& out);
void to_wire(const DecommissionObservation& o, sut::Decommission& out);
void to_wire(const VerificationRequest& o, sut::VerificationRequest& out);
CommissioningObservation from_wire(const sut::Commissioning& o);
ShippingObservation from_wire(const sut::Shipping& o);
ReceivingScan from_wire(const sut::ReceivingScan& o);
StorageObservation from_wire(const sut::Storage& o);
OutboundObservation from_wire(const sut::Outbound& o);
DecommissionObservation from_wire(const sut::Decommission& o);
VerificationRequest from_wire(const sut::VerificationRequest& o);
void to_wire(const BatchStatusNotice& n, sut::BatchStatus& out);
BatchStatusNotice from_wire(const sut::BatchStatus& n);
void to_wire(const VerificationAnswer& a, sut::VerificationAnswer& out);
void to_wire(const SuspectAlert& a, sut::SuspectAlert& out);
VerificationAnswer from_wire(const sut::VerificationAnswer& a);
SuspectAlert from_wire(const sut::SuspectAlert& a);

}  // namespace pharmatwin::adapters
