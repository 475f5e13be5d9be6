#!/usr/bin/env python3
"""The learned-band detector of band_model.py as a system under test (docs/datasets.md).

Speaks the pharmatwin SUT protocol on stdin/stdout (docs/adapters.md): per sensor of the model,
`persist` consecutive readings outside its band raise an `early_warning` alert for the sensor and
its zone, `persist` readings back inside clear it. It takes no decisions. Sensors the model does
not know are ignored.

    protoc -I adapters/proto --python_out=PB2 adapters/proto/pharmatwin/sut_protocol.proto
    pharmatwin run scenarios/default.textproto \\
        --detector "external:/usr/bin/python3 $PWD/tools/dataset_detector/band_detector.py \\
                    --model $PWD/model.json --pb2-dir $PWD/PB2"
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "reference_detector"))

from band_model import BandAlarm, load_model  # noqa: E402
from reference_detector import encode_varint, read_varint  # noqa: E402

PROTOCOL_VERSION = 1


class Detector:
    def __init__(self, pb, model):
        self.pb = pb
        self.model = model
        self.alarms = {}  # sensor index -> BandAlarm
        self.open = {}  # sensor index -> open Alert
        self.layout = None
        self.count = 0
        self.pending = []

    def hello(self, hello):
        self.layout = hello.layout
        margin, persist = self.model["margin_c"], self.model["persist"]
        for i, sensor in enumerate(hello.layout.sensors):
            band = self.model["sensors"].get(sensor.name)
            if band:
                self.alarms[i] = BandAlarm(band["lo"] - margin, band["hi"] + margin, persist)
        out = self.pb.FromSut()
        out.welcome.protocol_version = PROTOCOL_VERSION
        out.welcome.system_name = "band-detector"
        if "detection" in hello.capabilities:
            out.welcome.capabilities.append("detection")
        return [out]

    def readings(self, batch):
        for t, value, sensor, zone in zip(batch.time_s, batch.value_c, batch.sensor, batch.zone):
            alarm = self.alarms.get(sensor)
            event = alarm.step(value) if alarm else None
            if event and event.startswith("raise"):
                self.count += 1
                msg = self.pb.FromSut()
                a = msg.alert
                a.id = "band-%d" % self.count
                a.kind = "early_warning"
                a.zone = zone
                a.sensor = sensor
                a.raised_at_s = t
                a.severity = 1
                name = self.layout.sensors[sensor].name
                a.message = "%s read %.2f C %s its learned band %.2f..%.2f C" % (
                    name, value, "above" if event == "raise_high" else "below", alarm.lo, alarm.hi)
                self.open[sensor] = a
                self.pending.append(msg)
            elif event == "clear" and sensor in self.open:
                msg = self.pb.FromSut()
                msg.alert.CopyFrom(self.open.pop(sensor))
                msg.alert.cleared = True
                msg.alert.cleared_at_s = t
                self.pending.append(msg)

    def step(self, seq):
        out, self.pending = self.pending, []
        ack = self.pb.FromSut()
        ack.ack.seq = seq
        out.append(ack)
        return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="model.json written by band_model.py train")
    parser.add_argument("--pb2-dir", help="folder holding the generated sut_protocol_pb2.py")
    args = parser.parse_args()
    if args.pb2_dir:
        sys.path.insert(0, args.pb2_dir)
    try:
        from pharmatwin import sut_protocol_pb2 as pb
    except ImportError:
        import sut_protocol_pb2 as pb
    detector = Detector(pb, load_model(args.model))
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    number = 0
    while True:
        length = read_varint(stdin)
        if length is None:
            return 0
        data = stdin.read(length)
        number += 1
        if len(data) != length:
            sys.stderr.write("band-detector: message #%d is cut short\n" % number)
            return 1
        message = pb.ToSut.FromString(data)
        body = message.WhichOneof("body")
        replies = []
        if body == "hello":
            replies = detector.hello(message.hello)
        elif body == "readings":
            detector.readings(message.readings)
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
