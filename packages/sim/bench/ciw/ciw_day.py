#!/usr/bin/env python3
"""The reference day D1_DAY_SHIFTS_8_10_8 (or D1 at D2 scale) in Ciw, timed: the same-run anchor
of the simulator's speed benchmark (packages/sim/scripts/bench.ts --ciw).

This is the project's own model code; Ciw itself is not part of the repository. It needs a Python
that can `import ciw` (Ciw 3.2.x: `pip install ciw==3.2.7`, or PYTHONPATH pointing at a copy).

The model follows shared/sim-reference/scenarios.json's conventions:
  - one FCFS queue, one class, exponential service;
  - piecewise Poisson arrivals (ciw.dists.PoissonIntervals), none at or after arrivals_stop_min;
  - shift groups: a group's operators come on duty at start_min; at end_min only that group's
    operators leave, idle ones at once, busy ones after their current customer (overtime);
    end_min null: on duty until everybody is served. A plain ciw.Schedule of total counts does not
    do this (at a count change Ciw takes every server off duty and starts a fresh set), so
    ShiftGroupNode replaces Node.change_shift; the Schedule only makes Ciw's event loop call it at
    every shift boundary;
  - the day runs until everybody who arrived is served.
--scale k multiplies every arrival rate and every shift's operator count by k (k = 3: "D2 scale",
~2,500 customers, as packages/sim/scripts/reference-days.ts's d2Scale).

Timing: per repeat, --days days in a row, each with ciw.seed(seed + day) and the Network and
Simulation built inside the timed part (as the simulator builds its centre per day); CPU time of
the process (time.process_time). Two warm-up days first. Prints JSON.

--validate computes the scenario's metrics per day (scale 1) and the z check of
shared/sim-reference/README.md against reference-values.json, to show the model is D1.

  python3 ciw_day.py --scenarios ../../../../../shared/sim-reference/scenarios.json --scale 3 --days 20 --repeats 5
"""
import argparse
import json
import math
import statistics
import sys
import time
from itertools import cycle

import ciw

D1 = "D1_DAY_SHIFTS_8_10_8"
FOREVER = 1e12  # a shift end and a run length beyond any day


class ShiftGroupNode(ciw.Node):
    """A ciw.Node whose shift changes act per shift group: `groups` = ((start, end or None, count), ...)."""

    groups = ()

    def change_shift(self):
        t = self.now
        self.schedule.get_next_shift()
        self.next_shift_change = self.schedule.next_shift_change_date
        for srvr in list(self.servers):
            if srvr.group_end is not None and srvr.group_end == t:
                srvr.shift_end = t
                if srvr.busy:
                    srvr.offduty = True
                else:
                    self.kill_server(srvr)
        for start, end, count in self.groups:
            if start == t:
                for _ in range(count):
                    self.highest_id += 1
                    srvr = self.simulation.ServerType(self, self.highest_id, self.now)
                    srvr.group_end = end
                    self.servers.append(srvr)
        self.c = sum(1 for s in self.servers if not s.offduty)
        self.begin_service_if_possible_change_shift()


def network(sc, scale):
    """Ciw's network and node class for one day of `sc` at `scale`."""
    cls = sc["classes"][0]
    arr = cls["arrivals"]
    arrivals = ciw.dists.PoissonIntervals(
        rates=[r * scale for r in arr["rates_per_min"]],
        endpoints=list(arr["interval_ends_min"]),
        max_sample_date=sc["arrivals_stop_min"],
    )
    # PoissonIntervals is a cyclic sequence of inter-arrival times: end it with +inf so that the day's
    # arrivals do not start again after the last one.
    arrivals.sequence = arrivals.inter_arrivals + [float("inf")]
    arrivals.generator = cycle(arrivals.sequence)
    groups = tuple((g["start_min"], g["end_min"], g["count"] * scale) for g in sc["servers"]["shifts"])
    times = sorted({g[0] for g in groups} | {g[1] for g in groups if g[1] is not None})
    if times[0] != 0.0:
        raise SystemExit("CIW_ERR_SCENARIO: the first shift must start at 0")
    counts = [sum(c for s, e, c in groups if s <= t and (e is None or t < e)) for t in times]
    schedule = ciw.Schedule(numbers_of_servers=counts, shift_end_dates=times[1:] + [FOREVER], preemption=False)
    net = ciw.create_network(
        arrival_distributions=[arrivals],
        service_distributions=[ciw.dists.Exponential(1.0 / cls["service"]["mean"])],
        number_of_servers=[schedule],
    )
    return net, type("Groups", (ShiftGroupNode,), {"groups": groups})


def one_day(sc, scale, seed):
    ciw.seed(seed)
    net, node_class = network(sc, scale)
    q = ciw.Simulation(net, node_class=node_class)
    q.simulate_until_max_time(FOREVER / 2)
    return [r for r in q.get_all_records() if r.record_type == "service"]


def metrics(sc, recs):
    """The scenario's per-day metrics (reference-values.json names) from one day's service records."""
    arr = [r.arrival_date for r in recs]
    start = [r.service_start_date for r in recs]
    w = sorted(s - a for a, s in zip(arr, start))
    n = len(w)

    def q7(p):
        h = (n - 1) * p
        lo = math.floor(h)
        return w[lo] + (h - lo) * (w[min(lo + 1, n - 1)] - w[lo])

    m = {"n_arrivals": n, "n_served": n, "mean_wait": statistics.fmean(w), "max_wait": w[-1]}
    m["p_wait_pos"] = sum(x > 0 for x in w) / n
    for p in sc["wait_quantiles"]:
        m["wait_q%02d" % round(p * 100)] = q7(p)
    for x in sc["wait_thresholds_min"]:
        m["p_wait_gt_%gmin" % x] = sum(v > x for v in w) / n
    lo = 0.0
    for hi in sc["report_wait_by_arrival_interval_min"]:
        ws = [s - a for a, s in zip(arr, start) if lo <= a < hi]
        if ws:
            m["mean_wait_arrivals_%g_%g" % (lo, hi)] = statistics.fmean(ws)
        lo = hi
    # waiting = arrived, service not started; at equal times a start comes before an arrival
    steps = sorted([(s, 0, -1) for a, s in zip(arr, start) if s > a] + [(a, 1, 1) for a, s in zip(arr, start) if s > a])
    level = top = 0
    for _, _, d in steps:
        level += d
        top = max(top, level)
    m["max_queue_length"] = top
    for t in sc["queue_snapshots_min"]:
        # the number waiting just before t (someone whose service starts at t was still waiting)
        m["queue_length_at_%gmin" % t] = sum(1 for a, s in zip(arr, start) if a < t <= s)
    m["last_completion_min"] = max(r.service_end_date for r in recs)
    return m


def validate(sc, days, reference):
    """shared/sim-reference/README.md's check: |z| < 3 for every metric of the reference file."""
    ref = reference["scenarios"][sc["id"]]
    rows = []
    for name, r in ref.items():
        xs = [d[name] for d in days if name in d]
        mean = statistics.fmean(xs)
        # 95 % half-width with the normal quantile (the reference's t quantile differs by < 1 % here)
        se = math.sqrt((statistics.stdev(xs) / math.sqrt(len(xs))) ** 2 + (r.get("ci95_half_width", 0.0) / 1.96) ** 2)
        z = (mean - r["value"]) / se if se > 0 else 0.0
        rows.append({"metric": name, "value": mean, "reference": r["value"], "z": z, "pass": abs(z) < 3})
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", required=True, help="shared/sim-reference/scenarios.json")
    ap.add_argument("--scale", type=int, default=1, help="rates and operators x k (3: D2 scale)")
    ap.add_argument("--days", type=int, default=20, help="days per measured repeat")
    ap.add_argument("--repeats", type=int, default=5, help="measured repeats (after two warm-up days)")
    ap.add_argument("--seed", type=int, default=1000, help="day i of a repeat uses ciw.seed(seed + i)")
    ap.add_argument("--validate", metavar="REFERENCE_VALUES", help="instead of timing: the z check of --days days against this file")
    a = ap.parse_args()
    if a.scale < 1 or a.days < 2 or a.repeats < 1:
        raise SystemExit("CIW_ERR_BAD_OPTION: --scale >= 1, --days >= 2 and --repeats >= 1")
    with open(a.scenarios) as f:
        sc = next((s for s in json.load(f)["scenarios"] if s["id"] == D1), None)
    if sc is None:
        raise SystemExit("CIW_ERR_SCENARIO: no %s in %s" % (D1, a.scenarios))
    out = {"ciw": ciw.__version__, "python": sys.version.split()[0], "scenario": sc["id"], "scale": a.scale}
    if a.validate:
        with open(a.validate) as f:
            rows = validate(sc, [metrics(sc, one_day(sc, a.scale, a.seed + i)) for i in range(a.days)], json.load(f))
        out.update(days=a.days, rows=rows, passed=sum(r["pass"] for r in rows), failed=sum(not r["pass"] for r in rows))
        print(json.dumps(out, indent=1))
        sys.exit(1 if out["failed"] else 0)
    one_day(sc, a.scale, 1)
    one_day(sc, a.scale, 2)
    runs = []
    for _ in range(a.repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        customers = sum(len(one_day(sc, a.scale, a.seed + i)) for i in range(a.days))
        runs.append({"customers": customers, "cpuMs": (time.process_time() - c0) * 1000, "wallMs": (time.perf_counter() - t0) * 1000})
    out["runs"] = runs
    print(json.dumps(out))


if __name__ == "__main__":
    main()
