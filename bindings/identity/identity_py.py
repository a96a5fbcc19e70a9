"""The Python side of the cross-language identity test (see run.py): same commands and
outputs as identity.c, through the Python binding, feeding with add_many (one C call per
kind) where identity.c adds one event at a time."""
import os
import struct
import sys

import cxkpi

KINDS = [("csat", cxkpi.Csat), ("nps", cxkpi.Nps), ("fcr", cxkpi.Fcr), ("sla", cxkpi.Sla),
         ("duration", cxkpi.Duration), ("aht", cxkpi.Aht), ("churn", cxkpi.Churn),
         ("survival", cxkpi.Survival)]


def f64(x: float) -> str:
    return struct.pack("<d", x).hex()


def write_outputs(out, accs):
    for kind, acc in accs.items():
        with open(os.path.join(out, kind + ".bin"), "wb") as f:
            f.write(acc.to_bytes())
    c, n, fcr, sla, d, aht, ch, t = (accs[k] for k in ("csat", "nps", "fcr", "sla", "duration",
                                                       "aht", "churn", "fcr_tracker"))
    lo, hi = c.interval(0.95)
    slo, shi = sla.interval(0.95)
    episodes, keys = t.open
    results = t.results.counts
    lines = [
        ("csat.count", c.count), ("csat.percent", f64(c.percent)), ("csat.mean", f64(c.mean)),
        ("csat.lo", f64(lo)), ("csat.hi", f64(hi)),
        ("nps.count", n.count), ("nps.score", f64(n.score)), ("nps.stderr", f64(n.stderr)),
        ("nps.margin", f64(n.margin(0.95))),
        ("fcr.percent", f64(fcr.percent)), ("fcr.net_percent", f64(fcr.net_percent)),
        ("fcr.escalation_percent", f64(fcr.escalation_percent)),
        ("fcr.reopen_percent", f64(fcr.reopen_percent)),
        ("sla.met", sla.met), ("sla.breached", sla.breached), ("sla.percent", f64(sla.percent)),
        ("sla.lo", f64(slo)), ("sla.hi", f64(shi)),
        ("duration.count", d.count), ("duration.mean", f64(d.mean)),
        ("duration.stddev", f64(d.stddev)), ("duration.p50", f64(d.quantile(0.5))),
        ("duration.p90", f64(d.quantile(0.9))), ("duration.p99", f64(d.quantile(0.99))),
        ("aht.aht", f64(aht.aht)), ("aht.talk_p90", f64(aht.quantile(0.9, cxkpi.AhtPart.TALK))),
        ("churn.percent", f64(ch.percent)),
        ("survival.within_1h", f64(accs["survival"].percent_resolved_within(3600.0))),
        ("survival.median", f64(accs["survival"].quantile(0.5).value)),
        ("fcr_tracker.open_episodes", episodes), ("fcr_tracker.open_keys", keys),
        ("fcr_tracker.issues", results.issues), ("fcr_tracker.resolved", results.resolved_first_contact),
    ]
    with open(os.path.join(out, "figures.txt"), "w") as f:
        f.writelines(f"{name} {value}\n" for name, value in lines)


def feed(events, out):
    cols = {}
    with open(events) as f:
        for line in f:
            word, *args = line.split()
            cols.setdefault(word, []).append(args)
    ints = lambda w: [int(a[0]) for a in cols.get(w, [])]
    floats = lambda w: [float(a[0]) for a in cols.get(w, [])]
    accs = {"csat": cxkpi.Csat(1, 5, 4), "nps": cxkpi.Nps(), "fcr": cxkpi.Fcr(),
            "sla": cxkpi.Sla(3600.0), "duration": cxkpi.Duration(0.01), "aht": cxkpi.Aht(0.01),
            "churn": cxkpi.Churn(), "fcr_tracker": cxkpi.FcrTracker(window=3600, lateness=600),
            "survival": cxkpi.Survival(0.01)}
    accs["csat"].add_many(ints("csat"))
    accs["nps"].add_many(ints("nps"))
    accs["fcr"].add_many(ints("fcr"))
    accs["sla"].add_many(floats("sla"))
    accs["sla"].add_open_many(floats("sla_open"))
    accs["duration"].add_many(floats("duration"))
    triples = [[float(x) for x in a] for a in cols.get("aht", [])]
    accs["aht"].add_many([t[0] for t in triples], [t[1] for t in triples], [t[2] for t in triples])
    for n in ints("churn_start"):
        accs["churn"].add_start(n)
    for n in ints("churn_gained"):
        accs["churn"].add_gained(n)
    for n in ints("churn_lost"):
        accs["churn"].add_lost(n)
    accs["survival"].add_many(floats("survival"))
    accs["survival"].add_open_many(floats("survival_open"))
    contacts = cols.get("contact", [])
    accs["fcr_tracker"].add_many([k for k, _ in contacts], [int(t) for _, t in contacts])
    write_outputs(out, accs)


def merge(out, dirs):
    def read(d, kind):
        with open(os.path.join(d, kind + ".bin"), "rb") as f:
            return f.read()
    accs = {}
    for kind, cls in KINDS:
        acc = cls.from_bytes(read(dirs[0], kind))
        for d in dirs[1:]:
            acc.merge(cls.from_bytes(read(d, kind)))
        accs[kind] = acc
    accs["fcr_tracker"] = cxkpi.FcrTracker.from_bytes(read(dirs[0], "fcr_tracker"))
    write_outputs(out, accs)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "feed":
        feed(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "merge":
        merge(sys.argv[2], sys.argv[3:])
    else:
        sys.exit("usage: identity_py.py feed EVENTS OUTDIR | merge OUTDIR DIR...")
