#!/usr/bin/env python3
"""A learned-band detector trained on a pharmatwin dataset (docs/datasets.md).

Per sensor, the band of its readings labelled `normal` ([q, 1-q] quantiles), widened by a margin;
an alarm when `persist` consecutive readings are outside it. `train` learns the bands on one
dataset and picks margin and persist on a small grid, `evaluate` scores a model on another
dataset from its labels. The same alarm rule runs live in band_detector.py.

    python3 band_model.py train DATASET... --out model.json
    python3 band_model.py evaluate DATASET... --model model.json

Scores come from the `samples/` files: a window is a maximal run of readings of one series
whose label is not normal; it is detected when an alarm starts inside it; an alarm starting on
a normal reading is a false alarm. The objective is NAB's standard weights without the latency
term: detected windows - missed windows - 0.11 x false alarms.
"""

import argparse
import csv
import glob
import json
import os
import sys

MARGINS_C = [0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0]
PERSISTS = [1, 2, 3, 5, 8]
QUANTILE = 0.0005
FALSE_ALARM_WEIGHT = 0.11


def read_series(datasets):
    """{(category, sensor): [(t_s, value or None, label), ...]} from each DATASET/samples."""
    series = {}
    paths = []
    for dataset in datasets:
        found = sorted(glob.glob(os.path.join(dataset, "samples", "*", "*.csv")))
        if not found:
            sys.exit("band_model: %s holds no samples/*/*.csv (not a pharmatwin dataset)" % dataset)
        paths.extend(found)
    for path in paths:
        category = os.path.basename(os.path.dirname(path))
        with open(path, newline="") as f:
            rows = []
            sensor = None
            for row in csv.DictReader(f):
                sensor = row["sensor"]
                value = float(row["value_c"]) if row["ok"] == "1" else None
                rows.append((float(row["t_s"]), value, row["label"]))
        if sensor is not None:
            series[(category, sensor)] = rows
    return series


class BandAlarm:
    """The alarm rule of one sensor: `persist` readings outside [lo, hi] raise, `persist`
    readings inside clear."""

    def __init__(self, lo, hi, persist):
        self.lo, self.hi, self.persist = lo, hi, persist
        self.outside = 0
        self.inside = 0
        self.raised = False

    def step(self, value):
        """'raise_high', 'raise_low', 'clear' or None for one reading."""
        if value > self.hi or value < self.lo:
            self.outside += 1
            self.inside = 0
            if not self.raised and self.outside >= self.persist:
                self.raised = True
                return "raise_high" if value > self.hi else "raise_low"
        else:
            self.inside += 1
            self.outside = 0
            if self.raised and self.inside >= self.persist:
                self.raised = False
                return "clear"
        return None


def quantile(sorted_values, q):
    i = min(len(sorted_values) - 1, max(0, int(q * (len(sorted_values) - 1))))
    return sorted_values[i]


def learn_bands(series):
    """Per sensor name, the [q, 1-q] band of its normal readings over every category."""
    normal = {}
    for (_, sensor), rows in series.items():
        normal.setdefault(sensor, []).extend(v for _, v, label in rows
                                             if v is not None and label == "normal")
    bands = {}
    for sensor, values in sorted(normal.items()):
        values.sort()
        if values:
            bands[sensor] = [quantile(values, QUANTILE), quantile(values, 1 - QUANTILE)]
    return bands


def score(series, bands, margin_c, persist):
    windows = detected = false_alarms = 0
    for (_, sensor), rows in series.items():
        band = bands.get(sensor)
        alarm = BandAlarm(band[0] - margin_c, band[1] + margin_c, persist) if band else None
        in_window = hit = False
        for _, value, label in rows:
            if value is None:
                continue  # a dropout: no reading, no row in NAB's data either
            anomalous = label != "normal"
            if anomalous and not in_window:
                windows += 1
                hit = False
            in_window = anomalous
            event = alarm.step(value) if alarm else None
            if event and event.startswith("raise"):
                if anomalous and not hit:
                    detected += 1
                    hit = True
                elif not anomalous:
                    false_alarms += 1
    missed = windows - detected
    objective = detected - missed - FALSE_ALARM_WEIGHT * false_alarms
    return {"windows": windows, "detected": detected, "missed": missed,
            "false_alarms": false_alarms, "objective": round(objective, 4)}


def train(args):
    series = read_series(args.dataset)
    bands = learn_bands(series)
    best = None
    for margin in MARGINS_C:
        for persist in PERSISTS:
            s = score(series, bands, margin, persist)
            key = (s["objective"], -persist, -margin)
            if best is None or key > best[0]:
                best = (key, margin, persist, s)
    _, margin, persist, s = best
    model = {"margin_c": margin, "persist": persist, "quantile": QUANTILE,
             "sensors": {k: {"lo": v[0], "hi": v[1]} for k, v in bands.items()},
             "trained_on": sorted({c for c, _ in series}), "train_score": s}
    with open(args.out, "w") as f:
        json.dump(model, f, indent=2, sort_keys=True)
        f.write("\n")
    print("trained on %d series: margin %.2f C, persist %d; train: %s"
          % (len(series), margin, persist, json.dumps(s, sort_keys=True)))


def load_model(path):
    with open(path) as f:
        return json.load(f)


def evaluate(args):
    model = load_model(args.model)
    series = read_series(args.dataset)
    bands = {k: [v["lo"], v["hi"]] for k, v in model["sensors"].items()}
    s = score(series, bands, model["margin_c"], model["persist"])
    print("evaluated on %d series: %s" % (len(series), json.dumps(s, sort_keys=True)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="learn bands, margin and persistence from a dataset")
    t.add_argument("dataset", nargs="+")
    t.add_argument("--out", required=True, help="model file to write (JSON)")
    e = sub.add_parser("evaluate", help="score a model on a dataset from its labels")
    e.add_argument("dataset", nargs="+")
    e.add_argument("--model", required=True)
    args = parser.parse_args()
    return train(args) if args.command == "train" else evaluate(args)


if __name__ == "__main__":
    sys.exit(main())
