#!/usr/bin/env python3
"""Reference external detector for the pharmatwin SUT protocol (docs/adapters.md).

A deliberately simple system under test: one threshold rule per zone, the zone's storage range
from the layout. A reading outside [min_c, max_c] raises an alert for its zone (excursion_high or
excursion_low) naming the lots the zone holds, and a quarantine decision for those lots; the
first reading back inside clears it. What a zone holds comes from the world's Stock messages;
a zone the world said nothing about is quarantined whole, an empty zone not at all.

Speaks length-delimited Protobuf on stdin/stdout. Needs Python 3 and python3-protobuf, and the
generated module sut_protocol_pb2 (made by protoc from adapters/proto/pharmatwin/sut_protocol.proto):

    protoc -I adapters/proto --python_out=OUT adapters/proto/pharmatwin/sut_protocol.proto
    python3 reference_detector.py --pb2-dir OUT
"""

import argparse
import sys

PROTOCOL_VERSION = 1
NO_INDEX = 0xFFFFFFFF


def read_varint(stream):
    """Reads a base-128 varint; None at a clean end of input."""
    result = 0
    shift = 0
    while True:
        byte = stream.read(1)
        if not byte:
            if shift == 0:
                return None
            raise EOFError("input ends inside a length prefix")
        b = byte[0]
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result
        shift += 7
        if shift >= 70:
            raise ValueError("length prefix longer than 10 bytes")


def encode_varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


class Detector:
    def __init__(self, pb):
        self.pb = pb
        self.zones = []
        self.open = {}  # zone index -> open alert message
        self.count = 0
        self.pending = []  # FromSut messages for the next Ack
        self.lots = {}  # zone index -> lots it holds ("<gtin14>/<lot>"), once the world said

    def stock(self, stock):
        for zone in stock.zones:
            self.lots[zone.zone] = [lot.lot for lot in zone.lots if lot.units > 0]

    def hello(self, hello):
        self.zones = list(hello.layout.zones)
        out = self.pb.FromSut()
        out.welcome.protocol_version = PROTOCOL_VERSION
        out.welcome.system_name = "reference-detector"
        if "detection" in hello.capabilities:
            out.welcome.capabilities.append("detection")
        return [out]

    def readings(self, batch):
        for t, value, sensor, zone in zip(batch.time_s, batch.value_c, batch.sensor, batch.zone):
            if zone >= len(self.zones):
                continue
            z = self.zones[zone]
            outside = value > z.max_c or value < z.min_c
            alert = self.open.get(zone)
            if outside and alert is None:
                self.count += 1
                msg = self.pb.FromSut()
                a = msg.alert
                a.id = "ref-%d" % self.count
                a.kind = "excursion_high" if value > z.max_c else "excursion_low"
                a.zone = zone
                a.sensor = sensor
                a.raised_at_s = t
                a.severity = 2
                a.message = "%s read %.2f C outside %g..%g C" % (z.name, value, z.min_c, z.max_c)
                lots = self.lots.get(zone)
                if lots:
                    a.lots.extend(lots)
                self.pending.append(msg)
                if lots is None or lots:
                    decision = self.pb.FromSut()
                    d = decision.decision
                    d.idempotency_key = "quarantine/%s/%s" % (z.name, a.id)
                    d.kind = self.pb.QUARANTINE
                    d.time_s = t
                    d.zone = z.name
                    d.lots.extend(lots or [])
                    d.alert_id = a.id
                    d.reason = a.message
                    self.pending.append(decision)
                self.open[zone] = a
            elif not outside and alert is not None:
                msg = self.pb.FromSut()
                msg.alert.CopyFrom(alert)
                msg.alert.cleared = True
                msg.alert.cleared_at_s = t
                self.pending.append(msg)
                del self.open[zone]

    def step(self, seq):
        out = self.pending
        self.pending = []
        ack = self.pb.FromSut()
        ack.ack.seq = seq
        out.append(ack)
        return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pb2-dir", help="folder holding the generated sut_protocol_pb2.py")
    args = parser.parse_args()
    if args.pb2_dir:
        sys.path.insert(0, args.pb2_dir)
    try:
        from pharmatwin import sut_protocol_pb2 as pb
    except ImportError:
        import sut_protocol_pb2 as pb

    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    detector = Detector(pb)
    number = 0
    while True:
        length = read_varint(stdin)
        if length is None:
            return 0
        data = stdin.read(length)
        number += 1
        if len(data) != length:
            sys.stderr.write("reference-detector: message #%d is cut short\n" % number)
            return 1
        message = pb.ToSut.FromString(data)
        body = message.WhichOneof("body")
        replies = []
        if body == "hello":
            replies = detector.hello(message.hello)
        elif body == "readings":
            detector.readings(message.readings)
        elif body == "stock":
            detector.stock(message.stock)
        elif body == "advance":
            replies = detector.step(message.advance.seq)
        elif body == "finish":
            replies = detector.step(message.finish.seq)
        for reply in replies:
            data = reply.SerializeToString()
            stdout.write(encode_varint(len(data)))
            stdout.write(data)
        if replies:
            stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
