#!/usr/bin/env python3
"""Writes the hourly ambient profiles warm-hourly.csv and cold-hourly.csv (data/README.md).

Each hour h of 2026 (UTC, h = 0 at 2026-01-01T00:00Z) gets, evaluated at the middle of the hour:

  T(h) = mean
       + seasonal * cos(2 pi (doy - seasonal_peak_day) / 365.25)
       + daily(doy) * cos(2 pi (hour_of_day - 15) / 24)
       + w1 * sin(2 pi t / 4.7 d) + w2 * sin(2 pi t / 11.3 d + 1.3)

with doy the fractional day of the year (1 = 1 January 00:00), daily(doy) the day-night half-range
growing from `daily_winter` to `daily_summer` with the same seasonal cosine, and the last two terms
deterministic stand-ins for passing weather systems (periods of a few days, as synoptic weather
has). No random numbers: the files are reproducible from this script alone.

Usage: python3 data/climate/generate.py   (rewrites both files next to this script)
"""
import math
import os

CLIMATES = {
    # A hot-summer Mediterranean-type climate: July days reach 33-37 C, January nights 3-6 C.
    "warm": dict(mean=18.0, seasonal=8.5, seasonal_peak_day=205, daily_winter=3.5, daily_summer=6.0,
                 w1=1.8, w2=1.2),
    # A humid continental climate: January nights reach -15 .. -18 C, July afternoons 24-28 C.
    "cold": dict(mean=5.0, seasonal=12.0, seasonal_peak_day=200, daily_winter=3.0, daily_summer=5.0,
                 w1=2.5, w2=1.8),
}

HOURS = 8760  # 2026 is not a leap year


def temperature(c, h):
    t_h = h + 0.5
    doy = 1.0 + t_h / 24.0
    season = math.cos(2 * math.pi * (doy - c["seasonal_peak_day"]) / 365.25)
    daily = c["daily_winter"] + (c["daily_summer"] - c["daily_winter"]) * (season + 1) / 2
    hour_of_day = t_h % 24.0
    t_d = t_h / 24.0
    return (c["mean"] + c["seasonal"] * season
            + daily * math.cos(2 * math.pi * (hour_of_day - 15.0) / 24.0)
            + c["w1"] * math.sin(2 * math.pi * t_d / 4.7)
            + c["w2"] * math.sin(2 * math.pi * t_d / 11.3 + 1.3))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, c in CLIMATES.items():
        path = os.path.join(here, f"{name}-hourly.csv")
        with open(path, "w", newline="\n") as out:
            out.write("timestamp,temperature_c\n")
            for h in range(HOURS):
                day, hour = divmod(h, 24)
                # 2026-01-01 + day, as a calendar date
                month_days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
                m, d = 0, day
                while d >= month_days[m]:
                    d -= month_days[m]
                    m += 1
                out.write(f"2026-{m + 1:02d}-{d + 1:02d}T{hour:02d}:00:00Z,{temperature(c, h):.1f}\n")


if __name__ == "__main__":
    main()
