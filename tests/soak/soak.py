#!/usr/bin/env python3
"""The soak test's load, its killer and its checks (tests/soak/soak.sh
starts the server and runs this twice: `run` against the server, then
`check` once the server is stopped).  Python 3 standard library only.

run:   registers one user per client, makes groups (as the admin, through
       the API) and puts the users in them; then CLIENTS threads send mixed
       requests for SECONDS (reads, logins, profile updates, registrations,
       group uploads, avatars) while a killer thread sends SIGKILL to KILLS
       running write CGIs of the server, at random moments spread over the
       run.  Every request carries X-Soak-Id; the killer reads it from the
       CGI's environment before the kill, so that the requests it cut are
       told apart from the others.  Prints latency and statuses, writes
       what the server acknowledged to STATE.
check: with the server stopped, compares the database and the data
       directory with STATE: integrity, foreign keys, counters, every
       acknowledged write, `accountsctl files check` before and after
       --fix, no spool file left.  Exit 1 when any check fails.
"""

import argparse
import collections
import hashlib
import http.client
import json
import math
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

PASSWORD = "Soak-Pass-1"
# The programs whose requests write: the killer picks among these (and
# only while they serve a POST).
WRITE_CGIS = ("user-update-info", "user-update-avatar", "groups-uploads",
              "user-register", "user-login")
# type: (weight, expected success status)
OPS = {
    "me":       (18, 200),
    "user":     (7, 200),
    "list":     (7, 200),
    "file":     (8, 200),
    "login":    (10, 200),
    "update":   (22, 200),
    "register": (6, 201),
    "upload":   (14, 201),
    "avatar":   (8, 200),
}
# 1x1 PNG (tests/cgi/lib/fixtures.sh)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63606078f80f0002870180eb47ba92"
    "0000000049454e44ae426082")
TEXT_BLOCK = b"".join(b"soak upload payload, line %06d, nothing active\n" % i
                      for i in range(50000))  # 2.4 MB of plain text


def log_uniform(rng, lo, hi):
    return int(lo * (hi / lo) ** rng.random())


def payload_text(marker, size):
    head = marker + b"\n"
    return head + TEXT_BLOCK[:max(0, size - len(head))]


def payload_png(marker, size):
    head = PNG + marker
    return head + b"\0" * max(0, size - len(head))


def multipart(fields, fname, filename, ctype, data):
    b = "soakBoundary%016x" % random.getrandbits(64)
    parts = []
    for k, v in fields:
        parts.append(("--%s\r\nContent-Disposition: form-data; "
                      "name=\"%s\"\r\n\r\n%s\r\n" % (b, k, v)).encode())
    parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                  "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n" %
                  (b, fname, filename, ctype)).encode())
    body = b"".join(parts) + data + ("\r\n--%s--\r\n" % b).encode()
    return body, "multipart/form-data; boundary=" + b


def pct(sorted_vals, p):
    """The nearest-rank percentile p of sorted_vals."""
    if not sorted_vals:
        return float("nan")
    return sorted_vals[max(0, math.ceil(p / 100 * len(sorted_vals)) - 1)]


class Conn:
    """One keep-alive connection; a failed request closes it."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.c = None

    def request(self, method, path, body=None, headers=None):
        if self.c is None:
            self.c = http.client.HTTPConnection(self.host, self.port,
                                                timeout=120)
        try:
            self.c.request(method, path, body=body, headers=headers or {})
            r = self.c.getresponse()
            data = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
            if r.will_close:
                self.c.close()
                self.c = None
            return r.status, hdrs, data
        except Exception:
            self.c.close()
            self.c = None
            raise


def form(d):
    return urllib.parse.urlencode(d)


# ----------------------------------------------------------------------
# set-up


def api(conn, method, path, fields=None, token=None, expect=None):
    headers = {}
    body = None
    if fields is not None:
        body = form(fields)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif method == "POST":
        headers["Content-Length"] = "0"
    if token:
        headers["Authorization"] = "Bearer " + token
    st, _, data = conn.request(method, path, body, headers)
    try:
        j = json.loads(data)
    except ValueError:
        j = None
    if expect is not None and st != expect:
        raise SystemExit("soak: set-up: %s %s -> %d %s" %
                         (method, path, st, data[:300]))
    return st, j


def setup(a, conn):
    _, j = api(conn, "POST", "/api/user/login/",
               {"username": "admin", "password": a.admin_password},
               expect=200)
    admin = j["data"]["token"]
    ngroups = max(1, a.clients // 8)
    groups = []
    for g in range(ngroups):
        _, j = api(conn, "POST", "/api/groups/", {"name": "soak-group-%d" % g},
                   token=admin, expect=201)
        groups.append(j["data"]["group"]["id"])
    users = []
    for i in range(a.clients):
        name = "soak-c%d" % i
        _, j = api(conn, "POST", "/api/user/register/",
                   {"username": name, "password": PASSWORD,
                    "password2": PASSWORD}, expect=201)
        uid = j["data"]["user"]["id"]
        gid = groups[i % ngroups]
        api(conn, "POST", "/api/groups/%d/users/" % gid, {"user": uid},
            token=admin, expect=201)
        users.append({"name": name, "id": uid, "token": j["data"]["token"],
                      "group": gid})
    return groups, users


# ----------------------------------------------------------------------
# the clients


class Client(threading.Thread):
    def __init__(self, a, n, user, shared, clock):
        super().__init__(daemon=True)
        self.a, self.n, self.u = a, n, user
        self.shared = shared            # group id -> [(id, size, sha)]
        self.clock = clock
        self.rng = random.Random(a.seed * 1000 + n)
        self.conn = Conn("127.0.0.1", a.port)
        self.seq = 0
        # (type, soak id, status or None, seconds, note, bytes sent and
        # received)
        self.records = []
        self.bios = []      # (bio, acknowledged), in the order sent
        self.avatars = []   # (sha256, acknowledged), in the order sent
        self.uploads = []   # acked: {id, group, size, sha}
        self.registered = []  # acked: {id, username}
        self.logins = 0
        self.bad = []       # anything wrong in an answer, with its soak id
        self.types = list(a.mix)
        self.weights = [a.mix[t] for t in self.types]

    def send(self, typ, method, path, body=None, ctype=None, auth=True):
        self.seq += 1
        sid = "c%d-%d" % (self.n, self.seq)
        headers = {"X-Soak-Id": sid}
        if auth:
            headers["Authorization"] = "Bearer " + self.u["token"]
        if body is not None:
            headers["Content-Type"] = ctype
        elif method == "POST":
            headers["Content-Length"] = "0"
        t0 = time.perf_counter()
        try:
            st, hdrs, data = self.conn.request(method, path, body, headers)
        except Exception as e:   # noqa: BLE001 - recorded, judged later
            self.records.append((typ, sid, None, time.perf_counter() - t0,
                                 "%s: %s" % (type(e).__name__, e),
                                 len(body or b"")))
            return sid, None, {}, b""
        lat = time.perf_counter() - t0
        note = ""
        if st == 503:
            note = "retry-after" if "retry-after" in hdrs else "no-retry-after"
        elif st >= 500:
            # the server's own error page must be the contract's JSON too
            note = "json" if hdrs.get("content-type", "").startswith(
                "application/json") and b'"errno"' in data else "not-json"
        self.records.append((typ, sid, st, lat, note,
                             len(body or b"") + len(data)))
        return sid, st, hdrs, data

    def body_json(self, sid, data):
        try:
            return json.loads(data)
        except ValueError:
            self.bad.append((sid, "not JSON: %r" % data[:100]))
            return None

    def op_me(self):
        sid, st, _, data = self.send("me", "GET", "/api/user/me/")
        if st == 200:
            j = self.body_json(sid, data)
            if j and j["data"]["user"]["id"] != self.u["id"]:
                self.bad.append((sid, "me: another user"))

    def op_user(self):
        self.send("user", "GET", "/api/users/%d/" % self.u["id"])

    def op_list(self):
        self.send("list", "GET", "/api/groups/%d/uploads/?page=1&page_size=20"
                  % self.u["group"])

    def op_file(self):
        known = self.shared[self.u["group"]]
        if not known:
            return self.op_me()
        fid, size, sha = known[self.rng.randrange(len(known))]
        sid, st, _, data = self.send("file", "GET", "/api/files/%d/" % fid)
        if st == 200 and (len(data) != size or
                          hashlib.sha256(data).hexdigest() != sha):
            self.bad.append((sid, "file %d: %d bytes served, not the %d "
                             "uploaded" % (fid, len(data), size)))

    def op_login(self):
        sid, st, _, data = self.send(
            "login", "POST", "/api/user/login/",
            form({"username": self.u["name"], "password": PASSWORD}),
            "application/x-www-form-urlencoded", auth=False)
        if st == 200:
            j = self.body_json(sid, data)
            if j:
                self.u["token"] = j["data"]["token"]
                self.logins += 1

    def op_update(self):
        bio = "client-%d-seq-%d" % (self.n, self.seq + 1)
        sid, st, _, data = self.send(
            "update", "POST", "/api/user/update/info/", form({"bio": bio}),
            "application/x-www-form-urlencoded")
        self.bios.append((bio, st == 200))
        if st == 200:
            j = self.body_json(sid, data)
            if j and j["data"]["user"]["profile"]["bio"] != bio:
                self.bad.append((sid, "update answered another bio"))

    def op_register(self):
        name = "soak-r%d-%d" % (self.n, self.seq + 1)
        sid, st, _, data = self.send(
            "register", "POST", "/api/user/register/",
            form({"username": name, "password": PASSWORD,
                  "password2": PASSWORD}),
            "application/x-www-form-urlencoded", auth=False)
        if st == 201:
            j = self.body_json(sid, data)
            if j:
                self.registered.append({"id": j["data"]["user"]["id"],
                                        "username": name})

    def op_upload(self):
        marker = b"soak c%d s%d" % (self.n, self.seq + 1)
        if self.rng.random() < 0.3:
            kind, size = "image", log_uniform(self.rng, 1024, 512 << 10)
            data, fn, ct = payload_png(marker, size), "a.png", "image/png"
        else:
            kind, size = "file", log_uniform(self.rng, 1024, 2 << 20)
            data, fn, ct = payload_text(marker, size), "a.txt", "text/plain"
        body, ctype = multipart([("kind", kind)], "file", fn, ct, data)
        gid = self.u["group"]
        sid, st, _, rdata = self.send(
            "upload", "POST", "/api/groups/%d/uploads/" % gid, body, ctype)
        if st == 201:
            j = self.body_json(sid, rdata)
            if j:
                sha = hashlib.sha256(data).hexdigest()
                fid = j["data"]["id"]
                if j["data"]["size"] != len(data):
                    self.bad.append((sid, "upload answered size %s" %
                                     j["data"]["size"]))
                self.uploads.append({"id": fid, "group": gid, "sid": sid,
                                     "size": len(data), "sha": sha})
                self.shared[gid].append((fid, len(data), sha))

    def op_avatar(self):
        marker = b"soak avatar c%d s%d" % (self.n, self.seq + 1)
        data = payload_png(marker, log_uniform(self.rng, 200, 512 << 10))
        body, ctype = multipart([], "avatar", "me.png", "image/png", data)
        sid, st, _, _ = self.send("avatar", "POST", "/api/user/update/avatar/",
                                  body, ctype)
        self.avatars.append((hashlib.sha256(data).hexdigest(), st == 200))

    def run(self):
        self.clock.go.wait()
        while time.monotonic() < self.clock.t0 + self.a.seconds:
            typ = self.rng.choices(self.types, self.weights)[0]
            getattr(self, "op_" + typ)()


# ----------------------------------------------------------------------
# the killer


def proc_cpu(pid):
    """(own, reaped children's) CPU seconds of pid."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return 0.0, 0.0
    v = [int(x) for x in s[s.rindex(")") + 2:].split()[11:15]]
    hz = os.sysconf("SC_CLK_TCK")
    return (v[0] + v[1]) / hz, (v[2] + v[3]) / hz


def machine_cpu():
    """(busy, total) jiffies of all CPUs since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return sum(v) - v[3] - v[4], sum(v)


def proc_stat(pid):
    """(state, ppid) of pid, or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    rest = s[s.rindex(")") + 2:].split()
    return rest[0], int(rest[1])


def our_cgis(cgi_bin, server_pid, names):
    """(pid, name) of the server's children running one of names from
    cgi_bin."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        pid = int(d)
        try:
            exe = os.readlink("/proc/%d/exe" % pid)
        except OSError:
            continue
        if os.path.dirname(exe) != cgi_bin:
            continue
        name = os.path.basename(exe)
        if names is not None and name not in names:
            continue
        ps = proc_stat(pid)
        if ps is None or ps[0] == "Z" or (server_pid is not None and
                                          ps[1] != server_pid):
            continue
        out.append((pid, name))
    return out


def environ_of(pid):
    try:
        with open("/proc/%d/environ" % pid, "rb") as f:
            raw = f.read()
    except OSError:
        return None
    env = {}
    for kv in raw.split(b"\0"):
        k, _, v = kv.partition(b"=")
        if k:
            env[k.decode(errors="replace")] = v.decode(errors="replace")
    return env


class Killer(threading.Thread):
    def __init__(self, a, clock):
        super().__init__(daemon=True)
        self.a, self.clock = a, clock
        self.rng = random.Random(a.seed)
        self.kills = []     # {at, pid, cgi, sid}
        self.misses = 0     # moments where nothing killable was running

    def kill_one(self):
        """SIGKILL to one running write CGI serving a POST; the pidfd makes
        sure the signal reaches the process that was checked."""
        cands = our_cgis(self.a.cgi_bin, self.a.server_pid, WRITE_CGIS)
        self.rng.shuffle(cands)
        for pid, name in cands:
            try:
                fd = os.pidfd_open(pid)
            except OSError:
                continue
            try:
                # checked after the pidfd is open: a reused pid fails here
                ps = proc_stat(pid)
                try:
                    exe = os.readlink("/proc/%d/exe" % pid)
                except OSError:
                    continue
                if (ps is None or ps[0] == "Z" or
                        ps[1] != self.a.server_pid or
                        exe != os.path.join(self.a.cgi_bin, name)):
                    continue
                env = environ_of(pid)
                if env is None or env.get("REQUEST_METHOD") != "POST":
                    continue
                try:
                    signal.pidfd_send_signal(fd, signal.SIGKILL)
                except ProcessLookupError:
                    continue
                self.kills.append({
                    "at": time.monotonic() - self.clock.t0, "pid": pid,
                    "cgi": name, "sid": env.get("HTTP_X_SOAK_ID", "")})
                return True
            finally:
                os.close(fd)
        return False

    def run(self):
        self.clock.go.wait()
        t0, span = self.clock.t0, self.a.seconds
        moments = sorted(self.rng.uniform(0.02 * span, 0.98 * span)
                         for _ in range(self.a.kills))
        for m in moments:
            delay = t0 + m - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            # nothing killable right now: look again every 2 ms, until the
            # run ends
            while not self.kill_one():
                if time.monotonic() > t0 + span:
                    self.misses += 1
                    break
                time.sleep(0.002)


# ----------------------------------------------------------------------
# run


class Clock:
    """The start of the load, for the clients and the killer."""

    def __init__(self):
        self.go = threading.Event()
        self.t0 = None

    def start(self):
        self.t0 = time.monotonic()
        self.go.set()


def cmd_run(a):
    a.cgi_bin = os.path.realpath(a.cgi_bin)
    conn = Conn("127.0.0.1", a.port)
    t_setup = time.monotonic()
    groups, users = setup(a, conn)
    conn.c and conn.c.close()
    print("set-up: %d users registered, %d groups, %.1f s" %
          (len(users), len(groups), time.monotonic() - t_setup))
    shared = {g: [] for g in groups}
    clock = Clock()
    clients = [Client(a, i, users[i], shared, clock)
               for i in range(a.clients)]
    killer = Killer(a, clock)
    for c in clients:
        c.start()
    killer.start()
    cpu0 = os.times()
    srv0 = proc_cpu(a.server_pid)
    mach0 = machine_cpu()
    clock.start()
    for c in clients:
        c.join()
    elapsed = time.monotonic() - clock.t0
    killer.join()
    cpu1 = os.times()
    srv1 = proc_cpu(a.server_pid)
    mach1 = machine_cpu()
    client_cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)

    state = {
        "clients": a.clients, "seconds": a.seconds, "kills_wanted": a.kills,
        "elapsed": elapsed, "client_cpu": client_cpu,
        "server_cpu": srv1[0] - srv0[0], "cgi_cpu": srv1[1] - srv0[1],
        "machine_busy": (mach1[0] - mach0[0]) / max(1, mach1[1] - mach0[1]),
        "cpus": os.cpu_count(),
        "groups": groups, "kills": killer.kills, "misses": killer.misses,
        "users": [], "registered": [], "uploads": [], "records": [],
        "bad": [],
    }
    for c in clients:
        state["users"].append({
            "name": c.u["name"], "id": c.u["id"], "bios": c.bios,
            "avatars": c.avatars, "logins": c.logins})
        state["registered"] += c.registered
        state["uploads"] += c.uploads
        state["records"] += c.records
        state["bad"] += c.bad
    state["fails"] = report_run(state)
    with open(a.state, "w") as f:
        json.dump(state, f)


def report_run(s):
    killed = {k["sid"] for k in s["kills"]}
    recs = s["records"]
    n = len(recs)
    print("load: %d clients, %.1f s, %d requests (%.0f/s); client CPU "
          "%.1f s (%.0f%% of one core)" %
          (s["clients"], s["elapsed"], n, n / s["elapsed"], s["client_cpu"],
           100 * s["client_cpu"] / s["elapsed"]))
    print("server CPU: lighttpd %.1f s, its CGIs %.1f s (%.1f ms a request)"
          % (s["server_cpu"], s["cgi_cpu"], 1000 * s["cgi_cpu"] / max(1, n)))
    ours = s["client_cpu"] + s["server_cpu"] + s["cgi_cpu"]
    print("machine: %d CPUs %.0f%% busy during the load, this test %.0f%% "
          "of them, the rest other work" % (
              s["cpus"], 100 * s["machine_busy"],
              100 * ours / (s["cpus"] * s["elapsed"])))

    def lat_line(label, rs):
        v = sorted(r[3] * 1000 for r in rs if r[2] is not None)
        return "  %-9s %7d  %8.1f  %8.1f  %8.1f" % (
            label, len(rs), pct(v, 50), pct(v, 99), v[-1] if v else 0)

    clean = [r for r in recs if r[1] not in killed]
    types = [t for t in OPS if any(r[0] == t for r in recs)]
    print("latency (ms, requests the killer did not touch):")
    print("  %-9s %7s  %8s  %8s  %8s" % ("type", "n", "p50", "p99", "max"))
    for t in types:
        print(lat_line(t, [r for r in clean if r[0] == t]))
    print(lat_line("all", clean))

    def counts(rs):
        c = collections.Counter(str(r[2]) if r[2] is not None else
                                "no-answer" for r in rs)
        return "  ".join("%s: %d" % kv for kv in sorted(c.items()))

    print("statuses (requests the killer did not touch):")
    for t in types:
        print("  %-9s %s" % (t, counts(r for r in clean if r[0] == t)))
    print("  %-9s %s" % ("all", counts(clean)))
    b503 = collections.Counter(r[0] for r in clean if r[2] == 503)
    print("503 (lock contention): %d%s" % (
        sum(b503.values()), "".join(", %s %d" % kv for kv in b503.items())))

    # what the kills did to their requests
    by_sid = {r[1]: r for r in recs}
    kcgi = collections.Counter(k["cgi"] for k in s["kills"])
    print("kills: %d of %d (%s); %d moments found nothing to kill" % (
        len(s["kills"]), s["kills_wanted"],
        ", ".join("%s %d" % kv for kv in sorted(kcgi.items())),
        s["misses"]))
    if s["kills"]:
        at = sorted(k["at"] for k in s["kills"])
        print("  spread: first at %.1f s, last at %.1f s, median %.1f s" %
              (at[0], at[-1], at[len(at) // 2]))
        print("  what their clients got: %s" % counts(
            by_sid.get(k["sid"], (None, None, "unknown-request"))
            for k in s["kills"]))

    # judged here: every untouched request answered as it should
    fails = []
    for r in clean:
        typ, sid, st, _, note, _ = r
        ok = OPS[typ][1]
        if st is None:
            fails.append("%s %s: no answer (%s)" % (typ, sid, note))
        elif st == 503:
            if note != "retry-after":
                fails.append("%s %s: 503 without Retry-After" % (typ, sid))
        elif st != ok:
            fails.append("%s %s: %d, not %d" % (typ, sid, st, ok))
    for sid, why in s["bad"]:
        if sid not in killed:
            fails.append("%s: %s" % (sid, why))
    for r in recs:
        if r[1] in killed and r[4] == "not-json":
            fails.append("%s %s (killed): %d, not a JSON answer" %
                         (r[0], r[1], r[2]))
    return fails


# ----------------------------------------------------------------------
# check


class Checks:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, desc, ok, details=()):
        self.n += 1
        print("%s - %s" % ("ok" if ok else "not ok", desc))
        if not ok:
            self.failed += 1
            for d in list(details)[:20]:
                print("#   %s" % d)
            if len(details) > 20:
                print("#   ... %d more" % (len(details) - 20))


def sha_file(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def files_check(a, fix=False):
    """accountsctl files check [--fix]: (its stdout lines, stderr)."""
    cmd = [a.ctl, "-d", a.db, "files", "check"] + (["--fix"] if fix else [])
    env = dict(os.environ, ACCOUNTS_DATA_DIR=a.data_dir)
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return p.returncode, p.stdout.splitlines(), p.stderr.strip()


def last_acked(sent):
    """The entries of sent (value, acknowledged) from the last
    acknowledged one on: the values the server may hold now.  None when
    nothing was acknowledged."""
    last = max((i for i, (_, ack) in enumerate(sent) if ack), default=-1)
    return None if last < 0 else {v for v, _ in sent[last:]}


def check_run(C, a, s):
    C.check("every request the killer did not touch answered as expected "
            "(no 500, 503 only with Retry-After, no lost connection, "
            "right answers); a killed one got a JSON 5xx",
            not s["fails"], s["fails"])
    C.check("%d kills landed (wanted %d)" % (len(s["kills"]),
                                             s["kills_wanted"]),
            len(s["kills"]) == s["kills_wanted"])
    # nothing may still be writing while the files are judged
    running = our_cgis(os.path.realpath(a.cgi_bin), None, None)
    C.check("no CGI of the served directory is running any more",
            not running, ["%d %s" % x for x in running])
    return not running


def check_db(C, db):
    ic = [r[0] for r in db.execute("PRAGMA integrity_check")]
    C.check("PRAGMA integrity_check: ok", ic == ["ok"], ic)
    fk = db.execute("PRAGMA foreign_key_check").fetchall()
    C.check("PRAGMA foreign_key_check: empty", not fk, [repr(r) for r in fk])
    # the counters kept by triggers (migration 003) against the tables
    want = {"users": db.execute("SELECT count(*) FROM users").fetchone()[0],
            "user_logs": db.execute(
                "SELECT count(*) FROM user_logs").fetchone()[0]}
    for rid, n in db.execute(
            "SELECT role_id, count(*) FROM users GROUP BY role_id"):
        want["role:%d" % rid] = n
    for act, n in db.execute(
            "SELECT is_active, count(*) FROM users GROUP BY is_active"):
        want["active:%d" % act] = n
    have = {k: v for k, v in db.execute("SELECT name, value FROM counters")
            if v != 0 or k in want}
    C.check("counters agree with the tables (%s)" %
            ", ".join("%s=%d" % kv for kv in sorted(want.items())),
            have == want, ["counters: %r" % have, "tables:   %r" % want])


def check_users(C, a, s, db):
    """Bios, avatars and login records of the clients' users."""
    bad = []
    for u in s["users"]:
        row = db.execute("SELECT bio FROM users WHERE id = ?",
                         (u["id"],)).fetchone()
        bio = row[0] if row else "(no such user)"
        allowed = last_acked(u["bios"])
        if allowed is None:     # nothing acknowledged: any, or none
            allowed = {b for b, _ in u["bios"]} | {None}
        if bio not in allowed:
            bad.append("%s: bio %r, may be %r" % (u["name"], bio,
                                                  sorted(allowed, key=str)))
    C.check("every user's bio is its last acknowledged one or a later one "
            "it sent (%d acknowledged updates)" %
            sum(ack for u in s["users"] for _, ack in u["bios"]),
            not bad, bad)

    bad = []
    nav = 0
    for u in s["users"]:
        allowed = last_acked(u["avatars"])
        if allowed is None:
            continue
        nav += 1
        row = db.execute("SELECT avatar FROM users WHERE id = ?",
                         (u["id"],)).fetchone()
        name = row[0] if row else None
        p = os.path.join(a.data_dir, "avatars", name) if name else None
        if p is None or not os.path.isfile(p):
            bad.append("%s: avatar %r missing" % (u["name"], p))
        elif sha_file(p) not in allowed:
            bad.append("%s: avatar %s is neither the last acknowledged one "
                       "nor a later one" % (u["name"], p))
    C.check("every user with an acknowledged avatar has its current avatar "
            "file, the last acknowledged one or a later one (%d users)" %
            nav, not bad, bad)

    bad = []
    for u in s["users"]:
        n = db.execute("SELECT count(*) FROM user_logs WHERE user_id = ? AND "
                       "operation = 0", (u["id"],)).fetchone()[0]
        if n < u["logins"] + 1:
            bad.append("%s: %d login records, %d acknowledged logins + "
                       "registration" % (u["name"], n, u["logins"]))
    C.check("every acknowledged login has its login record (%d)" %
            sum(u["logins"] for u in s["users"]), not bad, bad)


def check_throttle(C, s, db):
    """No password check fails in the soak and every login that got
    through gives its slots back: what is left taken is the killed ones'
    (one slot on each of the three login counters)."""
    killed = sum(1 for k in s["kills"] if k["cgi"] == "user-login")
    held = {kind: db.execute(
        "SELECT coalesce(sum(count), 0) FROM throttle WHERE key LIKE ?",
        (kind + ":%",)).fetchone()[0]
        for kind in ("login", "login.who", "login.ip")}
    print("# throttle slots left taken: %s (login CGIs killed: %d)" %
          (", ".join("%s %d" % kv for kv in held.items()), killed))
    C.check("login throttle slots left taken (%d) are the killed logins' "
            "(no more than %d, the same on each counter)" %
            (held["login.ip"], killed),
            len(set(held.values())) == 1 and held["login.ip"] <= killed,
            ["%s: %d" % kv for kv in held.items()])


def check_created(C, a, s, db):
    """Registrations and group uploads answered 201."""
    bad = []
    for r in s["registered"]:
        row = db.execute("SELECT username FROM users WHERE id = ?",
                         (r["id"],)).fetchone()
        if row is None or row[0] != r["username"]:
            bad.append("%s (id %d): %r" % (r["username"], r["id"], row))
    C.check("every 201 registration exists (%d)" % len(s["registered"]),
            not bad, bad)

    bad = []
    for up in s["uploads"]:
        row = db.execute("SELECT group_id, size, stored_name FROM uploads "
                         "WHERE id = ?", (up["id"],)).fetchone()
        if row is None:
            bad.append("upload %d (%s): no row" % (up["id"], up["sid"]))
            continue
        p = os.path.join(a.data_dir, "files", row[2])
        if row[0] != up["group"] or row[1] != up["size"]:
            bad.append("upload %d: row %r" % (up["id"], row))
        elif not os.path.isfile(p):
            bad.append("upload %d: %s missing" % (up["id"], p))
        elif os.path.getsize(p) != up["size"] or sha_file(p) != up["sha"]:
            bad.append("upload %d: %s is not the file sent" % (up["id"], p))
    C.check("every acknowledged group upload has its row and its file, "
            "with the bytes sent (%d)" % len(s["uploads"]), not bad, bad)


def check_files(C, a, s, idle):
    """What kill -9 left in the data directory, then files check --fix.
    idle: no CGI of the server runs any more."""
    rc, out, err = files_check(a)
    print("# files check before --fix: %s" % err)
    for line in out[:30]:
        print("#   %s" % line)
    if len(out) > 30:
        print("#   ... %d more lines" % (len(out) - 30))
    found = collections.defaultdict(list)
    for line in out:
        what, path = line.split("\t")[:2]
        found[what].append(path)
    cut = sum(1 for k in s["kills"]
              if k["cgi"] in ("groups-uploads", "user-update-avatar"))
    C.check("files check ran (exit %d)" % rc, rc == 0, [err])
    C.check("no row without its file (missing: %d)" % len(found["missing"]),
            not found["missing"], found["missing"])
    C.check("what kill -9 left (%d spool, %d orphans) is no more than the "
            "%d upload and avatar requests killed" %
            (len(found["spool"]), len(found["orphan"]), cut),
            len(found["spool"]) + len(found["orphan"]) <= cut, out)
    # files check --fix spares what is younger than 15 minutes: on a live
    # server, an upload may still be coming in.  Here the server is
    # stopped and none of its CGIs runs, so every spool file and orphan
    # found is a leftover: exactly those are made an hour old.
    old = time.time() - 3600
    for path in found["spool"] + found["orphan"] if idle else []:
        try:
            os.utime(os.path.join(a.data_dir, path), (old, old))
        except FileNotFoundError:
            pass
    rc, out, err = files_check(a, fix=True)
    print("# files check --fix: %s" % err)
    rc2, out2, err2 = files_check(a)
    print("# files check after --fix: %s" % err2)
    C.check("after --fix: no orphan, no missing file, no spool file",
            rc == 0 and rc2 == 0 and not out2, out2 + [err, err2])
    tmp = os.path.join(a.data_dir, "tmp")
    left = os.listdir(tmp) if os.path.isdir(tmp) else []
    C.check("the spool directory is empty", not left, left)
    db = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
    ntrash = db.execute("SELECT count(*) FROM trash").fetchone()[0]
    db.close()
    C.check("the trash table is empty after --fix (%d)" % ntrash,
            ntrash == 0)
    if a.server_tmp:
        left = os.listdir(a.server_tmp)
        C.check("lighttpd left no request body file in %s" % a.server_tmp,
                not left, left)


def cmd_check(a):
    with open(a.state) as f:
        s = json.load(f)
    C = Checks()
    idle = check_run(C, a, s)
    db = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
    check_db(C, db)
    check_users(C, a, s, db)
    check_created(C, a, s, db)
    check_throttle(C, s, db)
    db.close()
    check_files(C, a, s, idle)
    print("soak: %d checks, %d failed" % (C.n, C.failed))
    return 1 if C.failed else 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cmd", choices=("run", "check"))
    p.add_argument("--port", type=int)
    p.add_argument("--admin-password")
    p.add_argument("--cgi-bin")
    p.add_argument("--server-pid", type=int)
    p.add_argument("--server-tmp")
    p.add_argument("--db")
    p.add_argument("--data-dir")
    p.add_argument("--ctl")
    p.add_argument("--state", required=True)
    p.add_argument("--clients", type=int, default=64)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--kills", type=int, default=200)
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--mix", default="",
                   help="TYPE=WEIGHT,... instead of the default weights")
    a = p.parse_args()
    mix = {t: w for t, (w, _) in OPS.items()}
    if a.mix:
        mix = {}
        for kv in a.mix.split(","):
            t, _, w = kv.partition("=")
            if t not in OPS or not w.isdigit():
                p.error("--mix: TYPE=WEIGHT with TYPE one of " +
                        " ".join(OPS))
            mix[t] = int(w)
    a.mix = mix
    if a.cmd == "run":
        print("seed %d (SOAK_SEED=%d repeats the choices)" % (a.seed, a.seed))
        cmd_run(a)
        return 0
    return cmd_check(a)


if __name__ == "__main__":
    sys.exit(main())
