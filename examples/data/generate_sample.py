#!/usr/bin/python3
"""Writes tickets.csv, the synthetic helpdesk export bundled with cxkpi-report.

Standard library only, fixed seed: running it again writes the same bytes.

    /usr/bin/python3 examples/data/generate_sample.py            # writes examples/data/tickets.csv
    /usr/bin/python3 examples/data/generate_sample.py -o out.csv --tickets 500

Columns (the default names cxkpi-report looks for, plus context):
  id, created_at, first_reply_at, solved_at  -- RFC 3339 UTC; solved_at empty = still open,
                                                first_reply_at empty = no reply yet
  priority                                    -- low, normal, high, urgent
  agent, team, channel                        -- who and where
  subject                                     -- free text (some with commas and quotes)
  csat                                        -- 1-5, empty when the customer did not answer
  nps                                         -- 0-10, empty when not answered
  fcr                                         -- 1/0 = resolved on first contact or not;
                                                 empty while the ticket is open
"""
import argparse
import csv
import datetime
import os
import random

SEED = 20260101
START = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
DAYS = 90

AGENTS = [  # name, team, skill (shifts CSAT and FCR), speed (divides reply delays)
    ("alice", "tier1", 0.9, 1.3),
    ("bruno", "tier1", 0.4, 1.0),
    ("chen", "tier1", 0.7, 1.6),
    ("dana", "tier2", 0.8, 0.8),
    ("emeka", "tier2", 0.6, 0.9),
    ("farah", "billing", 0.75, 1.1),
    ("goran", "billing", 0.3, 0.7),
    ("hana", "tier1", 0.55, 1.2),
]
PRIORITIES = [("low", 25), ("normal", 50), ("high", 18), ("urgent", 7)]
CHANNELS = [("email", 45, 3.0), ("chat", 30, 0.1), ("phone", 15, 0.05), ("web", 10, 4.0)]
SUBJECTS = [
    "Cannot log in",
    "Refund for order {n}",
    'Invoice shows "pending", but I paid',
    "Change of address, billing and shipping",
    "App crashes on start",
    "Question about plan limits",
    "Password reset email never arrives",
    "Export to CSV fails, error 500",
]


def weighted(rng, items):
    total = sum(i[1] for i in items)
    x = rng.uniform(0, total)
    for item in items:
        x -= item[1]
        if x <= 0:
            return item
    return items[-1]


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def generate(n, rng):
    end = START + datetime.timedelta(days=DAYS)
    created_all = sorted(
        START + datetime.timedelta(seconds=rng.randrange(DAYS * 86400)) for _ in range(n))
    for i, created in enumerate(created_all):
        agent, team, skill, speed = rng.choice(AGENTS)
        priority = weighted(rng, PRIORITIES)[0]
        channel, _, reply_hours = weighted(rng, CHANNELS)
        urgency = {"low": 1.5, "normal": 1.0, "high": 0.6, "urgent": 0.3}[priority]
        age_h = (end - created).total_seconds() / 3600

        # First reply: log-normal around the channel's typical delay.
        reply_h = rng.lognormvariate(0, 1.0) * reply_hours * urgency / speed
        reply = created + datetime.timedelta(seconds=int(reply_h * 3600) + 30)
        if reply > end:
            reply = None
        # Resolution: later than the reply; recent tickets are often still open.
        solve_h = reply_h + rng.lognormvariate(1.5, 1.1) * urgency / speed
        solved = created + datetime.timedelta(seconds=int(solve_h * 3600) + 60)
        if solved > end or (age_h < 72 and rng.random() < 0.3) or reply is None:
            solved = None

        csat = nps = fcr = ""
        if solved is not None:
            fcr = "1" if rng.random() < 0.45 + 0.35 * skill else "0"
            if rng.random() < 0.45:
                good = 0.35 + 0.55 * skill - (0.15 if fcr == "0" else 0)
                csat = str(rng.choice([4, 5]) if rng.random() < good else rng.choice([1, 2, 3, 3]))
            if rng.random() < 0.25:
                nps = str(min(10, max(0, int(round(rng.gauss(5.5 + 4 * skill, 2.2))))))
        subject = rng.choice(SUBJECTS).format(n=f"#{rng.randrange(10000, 99999)}")
        yield {
            "id": f"T{100001 + i}",
            "created_at": stamp(created),
            "first_reply_at": stamp(reply) if reply else "",
            "solved_at": stamp(solved) if solved else "",
            "priority": priority,
            "agent": agent,
            "team": team,
            "channel": channel,
            "subject": subject,
            "csat": csat,
            "nps": nps,
            "fcr": fcr,
        }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", default=os.path.join(here, "tickets.csv"))
    ap.add_argument("--tickets", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    fields = ["id", "created_at", "first_reply_at", "solved_at", "priority", "agent", "team",
              "channel", "subject", "csat", "nps", "fcr"]
    with open(args.output, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for row in generate(args.tickets, rng):
            w.writerow(row)


if __name__ == "__main__":
    main()
