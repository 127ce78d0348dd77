#!/usr/bin/env python3
"""The attacks of issue 18, replayed against the release binary: a measurement, not a test.

    BIN=target/release/framework-matrix python3 bench/attacks.py

For every attack of the issue (cases 1-8) the script starts the binary fresh (a new
process, a new spool directory, a port the kernel picks), sends the attack as the issue
describes it (same sizes and counts), and prints one Markdown table row: what the service
answered (HTTP status and `extensions.code`, or the size of a successful answer), the wall
time, the process's peak RSS (`VmHWM` from /proc/<pid>/status, with its value right after
start-up in parentheses), and whether `/healthz` still answers afterwards. Where a default
limit refuses the attack before the limit the issue was about, the answer says so (the
error message names the limit); a few extra rows then send the largest variant the
earlier limit lets through, so the next barrier is measured too.

Rows 1f-1h and 5m raise a limit on purpose (MAX_QUERY_COMPLEXITY, MAX_RESOLVED_VALUES) to
see whether the caps that should hold independently of the cost estimate (resolved values,
the request timeout) stop the work; those processes run under a 4 GiB address-space limit,
as the issue's did under 3 GB, so a runaway aborts instead of taking the machine's memory.

Needs only Python 3.11's standard library. Cases 7 and 8b need PostgreSQL (PG_URL, default
postgres://postgres@127.0.0.1:5432, trust auth): the script creates the throwaway database
`framework_matrix_attacks` and drops it at the end. Case 7 turns the per-client mutation
limit off (MUTATION_RATE_LIMIT_PER_MINUTE=0, as tests/api/abuse.rs does): its 300
submitters all come from 127.0.0.1 and would otherwise be answered 429 before reaching the
database. Case 8c mounts a 64 KiB tmpfs, which needs root; without it the row says which
test covers the case. About 3.5 minutes in all.

Environment: BIN (the binary), PG_URL, ONLY (comma-separated case numbers, e.g. ONLY=1,6).
"""

import collections
import concurrent.futures as cf
import hashlib
import json
import os
import re
import resource
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

BIN = os.environ.get("BIN", "target/release/framework-matrix")
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB_NAME = "framework_matrix_attacks"
TOKEN = "issue-18-analytics-token"
ONLY = {c.strip() for c in os.environ.get("ONLY", "").split(",") if c.strip()}
GQL_ACCEPT = "application/graphql-response+json"

# ------------------------------------------------------------------------------------------
# The service as a child process


class Server:
    """One fresh `framework-matrix` process: clean environment, port 0, its own spool."""

    def __init__(self, env=None, database_url=None, spool_dir=None, address_space=None):
        self.tmp = tempfile.mkdtemp(prefix="fm-attacks-")
        self.spool = spool_dir or os.path.join(self.tmp, "spool")
        full = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LISTEN_ADDR": "127.0.0.1:0",
            "SPOOL_DIR": self.spool,
            "LOG_FORMAT": "json",
            "RUST_LOG": "warn,framework_matrix::startup=info",
        }
        if database_url:
            full["DATABASE_URL"] = database_url
        full.update(env or {})
        self.env = full
        self.logs = []
        def limit():
            # As the issue measured: an address-space limit, so that a runaway request
            # aborts the process instead of taking the machine's memory.
            if address_space:
                resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

        self.proc = subprocess.Popen(
            [BIN], env=full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            preexec_fn=limit,
        )
        port_found = threading.Event()
        self.port = None

        def reader():
            for raw in self.proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.logs.append(line)
                if self.port is None and "framework-matrix listening" in line:
                    try:
                        self.port = int(json.loads(line)["port"])
                        port_found.set()
                    except (ValueError, KeyError):
                        pass

        threading.Thread(target=reader, daemon=True).start()
        if not port_found.wait(30):
            self.stop()
            raise RuntimeError("the service did not log its port:\n" + "\n".join(self.logs))
        deadline = time.monotonic() + 30
        while True:
            r = request(self.port, get_raw("/healthz"), timeout=2)
            if r.status == 200:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("the service never answered /healthz")
            time.sleep(0.05)
        self.start_rss = self.status_kib("VmHWM")
        # The peak as last seen, for a process that dies (its /proc entry goes with it).
        self.last_hwm = self.start_rss

        def sampler():
            while self.proc.poll() is None:
                v = self.status_kib("VmHWM")
                if v:
                    self.last_hwm = v
                time.sleep(0.05)

        threading.Thread(target=sampler, daemon=True).start()

    def status_kib(self, key):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith(key + ":"):
                        return int(line.split()[1])
        except FileNotFoundError:
            return None
        return None

    def peak_rss(self):
        """VmHWM in KiB; for a process that has died, the last value sampled, as `-n`."""
        v = self.status_kib("VmHWM") if self.alive() else None
        return v if v else -(self.last_hwm or 0)

    def alive(self):
        return self.proc.poll() is None

    def sockets(self):
        n = 0
        try:
            for fd in os.listdir(f"/proc/{self.proc.pid}/fd"):
                try:
                    if os.readlink(f"/proc/{self.proc.pid}/fd/{fd}").startswith("socket:"):
                        n += 1
                except OSError:
                    pass
        except OSError:
            pass
        return n

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait_ready(self, status="ready", timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r = request(self.port, get_raw("/readyz"), timeout=5)
            if r.json and r.json.get("status") == status:
                return r.json
            time.sleep(0.1)
        raise RuntimeError(f"/readyz never said {status}")

    def error_logs(self):
        return [l for l in self.logs
                if '"level":"ERROR"' in l or "panicked" in l or "memory allocation" in l]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


# ------------------------------------------------------------------------------------------
# A minimal HTTP/1.1 client over raw sockets


class Response:
    def __init__(self, raw=b"", elapsed=0.0, error=None):
        self.raw = bytes(raw)
        self.elapsed = elapsed
        self.error = error
        self.status = None
        self.headers = {}
        self.body = b""
        self.json = None
        head, sep, body = self.raw.partition(b"\r\n\r\n")
        if not sep:
            return
        lines = head.decode("latin-1").split("\r\n")
        try:
            self.status = int(lines[0].split()[1])
        except (IndexError, ValueError):
            return
        for line in lines[1:]:
            k, _, v = line.partition(":")
            self.headers[k.strip().lower()] = v.strip()
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            body = dechunk(body)
        self.body = body
        try:
            self.json = json.loads(body)
        except ValueError:
            pass


def dechunk(data):
    out, i = bytearray(), 0
    while True:
        j = data.find(b"\r\n", i)
        if j < 0:
            return bytes(out)
        size = int(data[i:j].split(b";")[0] or b"0", 16)
        if size == 0:
            return bytes(out)
        out += data[j + 2 : j + 2 + size]
        i = j + 2 + size + 2


def complete(buf):
    """Whether `buf` holds one whole response (by Content-Length or a final chunk)."""
    head, sep, body = bytes(buf).partition(b"\r\n\r\n")
    if not sep:
        return False
    h = head.decode("latin-1").lower()
    m = re.search(r"\r\ncontent-length:\s*(\d+)", h)
    if m:
        return len(body) >= int(m.group(1))
    if "transfer-encoding: chunked" in h:
        return body.endswith(b"0\r\n\r\n")
    return False


def post_raw(body, headers="", keep_alive=False, content_length=None, accept=GQL_ACCEPT):
    if isinstance(body, str):
        body = body.encode()
    length = len(body) if content_length is None else content_length
    conn = "" if keep_alive else "Connection: close\r\n"
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        f"Accept: {accept}\r\n{headers}Content-Length: {length}\r\n{conn}\r\n"
    )
    return head.encode() + body


def get_raw(path):
    return f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode()


def request(port, raw, timeout=120):
    """Sends `raw` and reads one response, reading while it writes: a server that answers
    before the body is complete (413) is heard, not lost in a reset."""
    t0 = time.monotonic()
    buf, sent, error, eof = bytearray(), 0, None, False
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError as e:
        return Response(b"", time.monotonic() - t0, f"connect: {e}")
    s.setblocking(False)
    deadline = t0 + timeout
    try:
        while not eof and not complete(buf):
            left = deadline - time.monotonic()
            if left <= 0:
                error = "timeout"
                break
            sel = selectors.DefaultSelector()
            sel.register(s, selectors.EVENT_READ | (selectors.EVENT_WRITE if sent < len(raw) else 0))
            events = sel.select(left)
            sel.close()
            for _, mask in events:
                if mask & selectors.EVENT_READ:
                    try:
                        chunk = s.recv(1 << 16)
                    except (ConnectionResetError, BrokenPipeError) as e:
                        error = type(e).__name__
                        chunk = b""
                    if not chunk:
                        eof = True
                        break
                    buf += chunk
                if mask & selectors.EVENT_WRITE and sent < len(raw):
                    try:
                        sent += s.send(raw[sent : sent + (1 << 18)])
                    except (ConnectionResetError, BrokenPipeError) as e:
                        error = f"write: {type(e).__name__} after {sent} bytes"
                        sent = len(raw)
    finally:
        s.close()
    return Response(buf, time.monotonic() - t0, error if not buf else None)


def post(port, payload, headers="", timeout=120):
    body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload, separators=(",", ":"))
    return request(port, post_raw(body, headers), timeout)


def get(port, path, timeout=30):
    return request(port, get_raw(path), timeout)


# ------------------------------------------------------------------------------------------
# Describing answers


def codes_of(v):
    if isinstance(v, list):
        return [c for e in v for c in codes_of(e)]
    if isinstance(v, dict):
        return [
            (e.get("extensions") or {}).get("code", "no code")
            for e in (v.get("errors") or [])
            if isinstance(e, dict)
        ]
    return []


def messages_of(v):
    if isinstance(v, list):
        return [m for e in v for m in messages_of(e)]
    if isinstance(v, dict):
        return [e.get("message", "") for e in (v.get("errors") or []) if isinstance(e, dict)]
    return []


def size(n):
    if n is None:
        return "?"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MiB"
    if n >= 1 << 10:
        return f"{n / (1 << 10):.1f} KiB"
    return f"{n} B"


def secs(t):
    if t is None:
        return "?"
    if t < 1:
        return f"{t * 1000:.1f} ms" if t < 0.1 else f"{t * 1000:.0f} ms"
    return f"{t:.2f} s"


def counted(items):
    c = collections.Counter(items)
    return ", ".join(f"{n}× {k}" if n > 1 else k for k, n in c.most_common())


def answer(r):
    """`status CODE` for a refusal, `status, N bytes` for an answer without errors."""
    if r.status is None:
        return f"no answer ({r.error or 'closed'})"
    codes = codes_of(r.json)
    if not codes:
        return f"{r.status}, {size(len(r.body))}"
    return f"{r.status} {counted(codes)}"


def first_message(r, n=140):
    m = messages_of(r.json)
    if not m:
        return ""
    m = m[0].replace("|", "/")
    return m if len(m) <= n else m[: n - 1] + "…"


def answers(rs):
    return counted(answer(r) for r in rs)


# ------------------------------------------------------------------------------------------
# Output

ROWS = []
HEADER = (
    "| Case | Attack (as issue 18 sent it) | Answer now | Time | Peak RSS (at start) | "
    "`/healthz` after | Notes |"
)


def emit(line=""):
    print(line, flush=True)


def healthz(server):
    if not server.alive():
        return f"**process exited ({server.proc.returncode})**"
    r = get(server.port, "/healthz", timeout=30)
    if r.status == 200:
        return f"200 in {secs(r.elapsed)}"
    return f"**{r.status or 'no answer'}** ({r.error})"


def row(case, attack, server, ans, took, notes=""):
    peak = server.peak_rss()
    start = size((server.start_rss or 0) * 1024)
    rss = f"{size(peak * 1024)} ({start})" if peak > 0 else f"≥ {size(-peak * 1024)} before it died ({start})"
    errors = server.error_logs()
    if errors:
        notes += f" [{len(errors)} ERROR log lines, first: {errors[0][:160]}]"
    line = f"| {case} | {attack} | {ans} | {took} | {rss} | {healthz(server)} | {notes.strip()} |"
    ROWS.append(line)
    emit(line)


def fresh(env=None, **kw):
    return Server(env=env, **kw)


# ------------------------------------------------------------------------------------------
# The documents of the issue


def nest(fields, leaf):
    inner = leaf
    for f in reversed(fields):
        inner = f"{f} {{ {inner} }}"
    return inner


def cycle_query(root, hops):
    """`hops` times faqs -> frameworks, under `root` (a list of fields)."""
    if root == ["faqs"]:
        path = ["faqs", "frameworks"] + ["faqs", "frameworks"] * (hops - 1)
    else:
        path = root + ["faqs", "frameworks"] * hops
    return "{ " + nest(path, "id") + " }"


FULL_EXPLANATION = (
    'recommendation(profile: { answers: [{ criterionId: "realtime", optionId: "core" }, '
    '{ criterionId: "team_size", optionId: "large" }] }) { catalogVersion confidence top { rank '
    "score fit framework { id name } } ranking { rank score fit framework { id name language "
    "category summary } reasons { criterionId optionId contribution explanation } } takeaways { "
    "id severity text frameworkIds } pivots { criterionId optionId fromOptionId newTop { id name "
    "} newTopScore } }"
)


def aliased_explanations(n):
    return "{ " + "".join(f"r{i}: {FULL_EXPLANATION} " for i in range(n)) + "}"


STATS = (
    "decisionStats { total byFramework { frameworkId count } daily { day count } outcomes { "
    'recommendedFrameworkId chosenFrameworkId count } answers(criterionId: "admin_panel") { '
    "optionId count } }"
)

SUBMIT = "mutation($p: ProfileInput!) { submitProfile(profile: $p) { decisionId outcomeToken } }"
OUTCOME = (
    "mutation($d: ID!, $c: ID!, $t: String) "
    "{ recordOutcome(decisionId: $d, chosenFrameworkId: $c, outcomeToken: $t) }"
)
SCOPES = ["microservice", "product", "platform"]


def submit(port, i):
    return post(
        port,
        {
            "query": SUBMIT,
            "variables": {
                "p": {"answers": [{"criterionId": "project_scope", "optionId": SCOPES[i % 3]}]}
            },
        },
    )


def dumps(v):
    return json.dumps(v, separators=(",", ":"))


# ------------------------------------------------------------------------------------------
# Many sockets at once


def many_sockets(port, raws, *, head_len=0, stall_after=None, rcvbuf=None, read=True, wait=30.0):
    """Opens one connection per raw request and writes each (only its first `stall_after`
    bytes when set, then nothing more), reading what comes back, all in one select loop:
    first every request's first `head_len` bytes, blocking, then the rest. Returns per
    connection the time of its first response byte and the time it was closed (both from
    the moment its first `head_len` bytes were sent), the bytes, and the error if any. With
    read=False nothing is read (slow readers)."""
    sel = selectors.DefaultSelector()
    conns = []
    for raw in raws:
        s = socket.socket()
        if rcvbuf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        s.settimeout(10)
        s.connect(("127.0.0.1", port))
        if head_len:
            s.sendall(raw[:head_len])
        s.setblocking(False)
        limit = len(raw) if stall_after is None else min(stall_after, len(raw))
        c = {"s": s, "raw": raw, "limit": limit, "sent": head_len, "buf": bytearray(),
             "t0": time.monotonic(), "first": None, "closed": None, "error": None}
        conns.append(c)
    t_start = time.monotonic()
    for c in conns:
        sel.register(c["s"], (selectors.EVENT_READ if read else 0) | selectors.EVENT_WRITE, c)
    open_ = len(conns)
    while open_ and time.monotonic() - t_start < wait:
        events = sel.select(0.2)
        # Reads first, so that an early answer is timed as it comes, not after the writes.
        events.sort(key=lambda e: not e[1] & selectors.EVENT_READ)
        for key, mask in events:
            c = key.data
            if c["closed"] is not None:
                continue
            now = time.monotonic() - c["t0"]
            if mask & selectors.EVENT_READ:
                try:
                    chunk = c["s"].recv(1 << 16)
                except (ConnectionResetError, BrokenPipeError) as e:
                    c["error"] = type(e).__name__
                    chunk = b""
                if chunk:
                    if c["first"] is None:
                        c["first"] = now
                    c["buf"] += chunk
                else:
                    c["closed"] = now
                    sel.unregister(c["s"])
                    open_ -= 1
                    continue
            if mask & selectors.EVENT_WRITE and c["sent"] < c["limit"]:
                try:
                    c["sent"] += c["s"].send(c["raw"][c["sent"] : min(c["limit"], c["sent"] + (1 << 16))])
                except (BrokenPipeError, ConnectionResetError) as e:
                    c["error"] = f"write {type(e).__name__}"
                    c["limit"] = c["sent"]
                if c["sent"] >= c["limit"]:
                    if read:
                        sel.modify(c["s"], selectors.EVENT_READ, c)
                    else:
                        sel.unregister(c["s"])
                        open_ -= 1
    sel.close()
    return conns


def close_all(conns):
    for c in conns:
        try:
            c["s"].close()
        except OSError:
            pass


def span(values):
    values = [v for v in values if v is not None]
    if not values:
        return "never"
    lo, hi = min(values), max(values)
    return secs(lo) if abs(hi - lo) < 0.05 else f"{secs(lo)}–{secs(hi)}"


# ------------------------------------------------------------------------------------------
# 1. Cycles of the schema


def case1():
    q5 = cycle_query(["frameworks"], 5)
    assert len(q5) == 141, len(q5)
    cases = [
        ("1a", f"the 141-byte query: `frameworks {{ faqs {{ frameworks …` 5 hops", ["frameworks"], 5),
        ("1b", "the same, 4 hops (then: 11.9 MB in 0.7 s)", ["frameworks"], 4),
        ("1c", "through `faqs { frameworks { faqs …`, 5 hops", ["faqs"], 5),
        ("1d", "through `comparison { frameworks { faqs …`, 5 hops", ["comparison", "frameworks"], 5),
    ]
    for name, attack, root, hops in cases:
        srv = fresh()
        try:
            q = cycle_query(root, hops)
            r = post(srv.port, {"query": q})
            row(name, f"{attack} ({len(q)} B)", srv, answer(r), secs(r.elapsed), first_message(r))
        finally:
            srv.stop()
    # Where the line is: every hop count, each root, on one process.
    srv = fresh()
    try:
        parts = []
        for root, label in ((["frameworks"], "frameworks"), (["faqs"], "faqs"),
                            (["comparison", "frameworks"], "comparison")):
            groups = []  # [first hop, last hop, answer, slowest]
            for hops in range(1, 6):
                r = post(srv.port, {"query": cycle_query(root, hops)})
                a = answer(r)
                if groups and groups[-1][2].split(",")[0] == a.split(",")[0] and "QUERY_TOO" in a:
                    groups[-1][1], groups[-1][3] = hops, max(groups[-1][3], r.elapsed)
                else:
                    groups.append([hops, hops, a, r.elapsed])
            res = [f"{a if a == b else f'{a}–{b}'} → {ans} ({secs(t)})" for a, b, ans, t in groups]
            parts.append(f"{label}: " + "; ".join(res))
        row("1e", "hops 1–5 from each root (where the line is)", srv, "see notes", "—",
            " · ".join(parts))
    finally:
        srv.stop()

    # The hard caps without the estimate: MAX_QUERY_COMPLEXITY raised (a documented knob),
    # MAX_RESOLVED_VALUES, MAX_RESPONSE_BYTES and REQUEST_TIMEOUT_SECS at their defaults.
    # Under a 4 GiB address-space limit, as the issue measured.
    for name, hops in (("1f", 4), ("1g", 5), ("1h", 6)):
        srv = fresh({"MAX_QUERY_COMPLEXITY": str(10**15)}, address_space=4 << 30)
        try:
            cpu0 = srv.cpu_seconds()
            r = post(srv.port, {"query": cycle_query(["frameworks"], hops)}, timeout=300)
            cpu = srv.cpu_seconds() - cpu0 if srv.alive() else None
            row(name, f"{hops} hops as 1a/1b with MAX_QUERY_COMPLEXITY raised to 10^15, every "
                "other limit at its default (MAX_RESOLVED_VALUES 20000, REQUEST_TIMEOUT_SECS 10); "
                "4 GiB address-space limit",
                srv, answer(r), secs(r.elapsed),
                (f"CPU {cpu:.2f} s. " if cpu is not None else "") + first_message(r))
        finally:
            srv.stop()


# ------------------------------------------------------------------------------------------
# 2. Batches of persisted queries, and clients that never read


def register(port, query):
    h = hashlib.sha256(query.encode()).hexdigest()
    pq = {"persistedQuery": {"version": 1, "sha256Hash": h}}
    r = post(port, {"query": query, "extensions": pq})
    return pq, r


def server_side_connections(port):
    """The server's end of every connection to `port` with response bytes still unsent in
    the kernel, whether or not the process still holds it."""
    out = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                lines = f.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            unsent = int(fields[4].split(":")[0], 16)
            if fields[1].endswith(":%04X" % port) and fields[3] != "0A" and unsent:
                out.append((fields[3], unsent))
    return out


def case2():
    q18 = aliased_explanations(18)
    srv = fresh()
    try:
        pq, reg = register(srv.port, q18)
        batch = dumps([{"extensions": pq} for _ in range(10)])
        r = post(srv.port, batch)
        row("2a", f"batch of 10 APQ hash-only 18-alias full explanations ({len(batch)} B; then 5.5 MB in 69 ms)",
            srv, answer(r) + f" ({size(len(r.raw))})", secs(r.elapsed),
            f"registering the 18-alias document alone: {answer(reg)} in {secs(reg.elapsed)}. "
            + first_message(r))
    finally:
        srv.stop()

    for name, what, make, keep_alive in (
        ("2b", "the 10-entry batch of 2a", lambda pq: dumps([{"extensions": pq} for _ in range(10)]), True),
        ("2c", "the 18-alias explanation (the largest answer the budget allows)", None, True),
        ("2d", "the same as 2c with `Connection: close`", None, False),
    ):
        srv = fresh()
        try:
            pq, reg = register(srv.port, q18)
            body = make(pq) if make else dumps({"query": q18})
            full = post(srv.port, body)
            raw = post_raw(body, keep_alive=keep_alive)
            time.sleep(0.3)
            base = srv.sockets()
            t0 = time.monotonic()
            conns = many_sockets(srv.port, [raw] * 200, rcvbuf=4096, read=False, wait=60)
            # Wait until every response has started to arrive: from then on the server is
            # stalled on a full window.
            started = 0
            for c in conns:
                c["s"].setblocking(True)
                c["s"].settimeout(60)
                try:
                    if c["s"].recv(1, socket.MSG_PEEK):
                        started += 1
                except OSError:
                    pass
            t_started = time.monotonic() - t0
            stalled_rss = srv.status_kib("VmRSS")
            held = srv.sockets() - base
            # Two ends to watch: the process dropping the connection (its descriptor, and the
            # response it held), and the kernel aborting what is left of it in the socket's
            # send buffer (TCP_USER_TIMEOUT, the write deadline). A client only learns of
            # either when it next reads.
            process_gone = kernel_gone = None
            while time.monotonic() - t0 < 90 and (kernel_gone is None or process_gone is None):
                now = time.monotonic() - t0
                if process_gone is None and srv.sockets() - base <= 0:
                    process_gone = now
                if kernel_gone is None and not server_side_connections(srv.port):
                    kernel_gone = now
                time.sleep(0.25)
            left = len(server_side_connections(srv.port))
            outcomes = []
            for c in conns:
                buf, err = bytearray(), "eof"
                c["s"].settimeout(10)
                try:
                    while True:
                        chunk = c["s"].recv(1 << 16)
                        if not chunk:
                            break
                        buf += chunk
                except ConnectionResetError:
                    err = "reset"
                except socket.timeout:
                    err = "still open"
                except OSError as e:
                    err = type(e).__name__
                outcomes.append(f"{err} after {'the whole' if complete(buf) else 'part of the'} response")
            close_all(conns)
            row(name, f"200 connections that never read (4 KiB receive buffer) sending {what} "
                "(then: 1.16 GB pinned, no write deadline)", srv,
                f"each: {answer(full)} ({size(len(full.raw))}); what each client read in the "
                f"end: {counted(outcomes)}",
                f"process let go after {secs(process_gone) if process_gone else 'never'}; no "
                f"unsent bytes left in the kernel after "
                f"{secs(kernel_gone) if kernel_gone else f'never ({left} left at 90 s)'}",
                f"{started}/200 responses started within {secs(t_started)}, {held} connections "
                f"held by the process then; RSS while stalled {size(stalled_rss * 1024)}; "
                f"RESPONSE_WRITE_TIMEOUT_SECS 20 (TCP_USER_TIMEOUT)")
        finally:
            srv.stop()


# ------------------------------------------------------------------------------------------
# 3. Big variables while mutations wait


def case3():
    submits = "".join(
        f"s{i}: submitProfile(profile: {{ answers: [] }}) {{ decisionId }} " for i in range(30)
    )
    mutation = f"mutation($unused: String) {{ {submits}}}"
    for name, what, var in (
        ("3a", "1 MiB unused variable", 1 << 20),
        ("3b", "200 KiB unused variable (under MAX_BODY_BYTES, over MAX_VARIABLES_BYTES)", 200 << 10),
        ("3c", "a 1-byte variable (under every size limit)", 1),
    ):
        srv = fresh()
        try:
            body = dumps({"query": mutation, "variables": {"unused": "x" * var}}).encode()
            t0 = time.monotonic()
            with cf.ThreadPoolExecutor(80) as ex:
                rs = list(ex.map(lambda _: post(srv.port, body), range(80)))
            took = time.monotonic() - t0
            row(name, f"80 concurrent requests, each 30 aliased `submitProfile` + {what} "
                f"({size(len(body))} body; then 2.1 GB and abort)", srv, answers(rs),
                f"{secs(took)} for all 80 (slowest {secs(max(r.elapsed for r in rs))})",
                first_message(rs[0]))
        finally:
            srv.stop()


# ------------------------------------------------------------------------------------------
# 4. Slow bodies and the connection cap


def case4():
    for name, n, length, what in (
        ("4a", 200, 1048576, "`Content-Length: 1048576`"),
        ("4b", 200, 262144, "`Content-Length: 262144` (= MAX_BODY_BYTES, an accepted size)"),
        ("4c", 1024, 262144, "`Content-Length: 262144`, as many as MAX_CONNECTIONS (1,024)"),
    ):
        srv = fresh()
        try:
            head = post_raw(b"", keep_alive=True, content_length=length)
            raw = head + b" " * (length - 1024)
            conns = many_sockets(srv.port, [raw] * n, head_len=len(head), wait=60)
            rs = [Response(c["buf"]) for c in conns]
            still = sum(1 for c in conns if c["closed"] is None)
            close_all(conns)
            time.sleep(1)
            rss_after = srv.status_kib("VmRSS")
            row(name, f"{n:,} sockets announcing {what}, body stalled 1 KiB before its end "
                "(then: 328 MB held, one still open after 150 s)", srv,
                counted(answer(r) if r.status else f"no answer ({c['error'] or 'open'})" for r, c in zip(rs, conns)),
                f"answered {span(c['first'] for c in conns)} after the request head; closed "
                f"after {span(c['closed'] for c in conns)}; {still} still open at 60 s",
                f"body bytes each socket sent: {min(c['sent'] for c in conns) - len(head):,}–"
                f"{max(c['sent'] for c in conns) - len(head):,}; RSS 1 s after: "
                f"{size(rss_after * 1024)}; {first_message(rs[0])}")
        finally:
            srv.stop()

    # The connection cap: more idle connections than MAX_CONNECTIONS (default 1024).
    srv = fresh()
    try:
        base = srv.sockets()
        socks, failed = [], 0
        t0 = time.monotonic()
        for _ in range(1200):
            s = socket.socket()
            s.settimeout(2)
            try:
                s.connect(("127.0.0.1", srv.port))
                socks.append(s)
            except OSError:
                failed += 1
                s.close()
        t_open = time.monotonic() - t0
        t1 = time.monotonic()
        accepted = 0
        while time.monotonic() - t1 < 2:
            accepted = max(accepted, srv.sockets() - base)
            time.sleep(0.1)
        # A newcomer while the idle ones hold every slot.
        h = get(srv.port, "/healthz", timeout=30)
        # What becomes of the idle ones: actix answers a request head that never comes.
        sel = selectors.DefaultSelector()
        for s in socks:
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ)
        ends, heads = [], collections.Counter()
        while len(ends) < len(socks) and time.monotonic() - t0 < 40:
            for key, _ in sel.select(0.2):
                try:
                    data = key.fileobj.recv(4096)
                except OSError:
                    data = b""
                if data:
                    heads[data.split(b"\r\n")[0].decode("latin-1")] += 1
                sel.unregister(key.fileobj)
                ends.append(time.monotonic() - t0)
        sel.close()
        for s in socks:
            s.close()
        row("4d", "1,200 idle connections (no connection cap then)", srv,
            f"at most {accepted} held by the server at once; {len(socks)} connected (in "
            f"{secs(t_open)}), {failed} failed; "
            f"the idle ones got {counted(heads.elements()) or 'nothing'}",
            f"closed after {span(ends)} ({len(ends)}/{len(socks)})",
            f"MAX_CONNECTIONS 1024: the rest wait in the kernel's accept queue; a /healthz "
            f"sent 2 s after the last of them: {answer(h)} in {secs(h.elapsed)}; times from "
            f"the first connection")
    finally:
        srv.stop()


# ------------------------------------------------------------------------------------------
# 5. Work proportional to the attacker's input


def case5():
    searches = "".join(f"f{i}: faqs(search: $s) {{ id }} " for i in range(30))
    q_search = f"query($s: String) {{ {searches}}}"
    ids_q = "query($ids: [ID!]) { comparison(frameworkIds: $ids) { rows { label } } }"
    lang_q = ("query($l: [Language!]) { recommendation(profile: { answers: [], languages: $l }) "
              "{ top { framework { id } } } }")
    fields_doc = lambda n: "{ frameworks { " + "id " * n + "} }"
    langs = ["PYTHON", "JAVASCRIPT", "GO"]
    plain = [
        ("5a", "30 aliases of `faqs(search: $s)`, a ~1 MB search (then 2.5 s of CPU)",
         {"query": q_search, "variables": {"s": "a " * 500_000}}),
        ("5b", "the same, a 10 KB search (under the body and variables limits)",
         {"query": q_search, "variables": {"s": "a " * 5_000}}),
        ("5c", "the same, a 200-character search (the longest accepted)",
         {"query": q_search, "variables": {"s": "the " * 50}}),
        ("5d", "`comparison(frameworkIds:)` with 110k ids (then 0.6–0.8 s)",
         {"query": ids_q, "variables": {"ids": [f"f{i}" for i in range(110_000)]}}),
        ("5e", "the same, 2,000 ids (under the body limit)",
         {"query": ids_q, "variables": {"ids": [f"f{i}" for i in range(2_000)]}}),
        ("5f", "`languages` with 110k entries (then 0.6–0.8 s)",
         {"query": lang_q, "variables": {"l": [langs[i % 3] for i in range(110_000)]}}),
        ("5g", "the same, 2,000 entries (under the body limit)",
         {"query": lang_q, "variables": {"l": [langs[i % 3] for i in range(2_000)]}}),
        ("5h", "a 300 KB document of 100,000 repeated fields (then 0.2–0.3 s to QUERY_TOO_COMPLEX)",
         {"query": fields_doc(100_000)}),
        ("5i", "the same, 10,000 fields (30 KB: under the body and document-size limits)",
         {"query": fields_doc(10_000)}),
        ("5j", "the same, 60,000 fields (180 KB: under the body limit)",
         {"query": fields_doc(60_000)}),
    ]
    for name, attack, payload in plain:
        srv = fresh()
        try:
            body = dumps(payload)
            r = post(srv.port, body)
            row(name, f"{attack} [{size(len(body))} body]", srv, answer(r), secs(r.elapsed),
                first_message(r))
        finally:
            srv.stop()

    # REQUEST_TIMEOUT_SECS=1: two clients at once, /healthz sampled meanwhile.
    def pressure(srv, payload, seconds):
        body = dumps(payload)
        stop = time.monotonic() + seconds
        results, lat = [], []

        def client():
            while time.monotonic() < stop:
                results.append(post(srv.port, body))

        ts = [threading.Thread(target=client) for _ in range(2)]
        for t in ts:
            t.start()
        while time.monotonic() < stop:
            lat.append(get(srv.port, "/healthz", timeout=30).elapsed)
            time.sleep(0.02)
        for t in ts:
            t.join()
        return results, lat

    for name, attack, payload in (
        ("5k", "REQUEST_TIMEOUT_SECS=1: two clients sending 5a over and over for 3 s",
         plain[0][2]),
        ("5l", "REQUEST_TIMEOUT_SECS=1: two clients sending 5c (the heaviest accepted search) for 3 s",
         plain[2][2]),
    ):
        srv = fresh({"REQUEST_TIMEOUT_SECS": "1"})
        try:
            rs, lat = pressure(srv, payload, 3)
            row(name, attack, srv, answers(rs),
                f"{len(rs)} requests, slowest {secs(max(r.elapsed for r in rs))}",
                f"/healthz during it: {len(lat)} probes, slowest {secs(max(lat))}")
        finally:
            srv.stop()

    # The timeout against real CPU work: the caps lifted so that the 5-hop query of 1a runs.
    srv = fresh({"REQUEST_TIMEOUT_SECS": "1", "MAX_QUERY_COMPLEXITY": str(10**15),
                 "MAX_RESOLVED_VALUES": str(10**15)}, address_space=4 << 30)
    try:
        q5 = cycle_query(["frameworks"], 5)
        lat, done = [], threading.Event()

        def probe():
            while not done.is_set():
                lat.append(get(srv.port, "/healthz", timeout=60).elapsed)
                time.sleep(0.02)

        p = threading.Thread(target=probe)
        p.start()
        cpu0 = srv.cpu_seconds()
        r = post(srv.port, {"query": q5}, timeout=120)
        cpu1 = srv.cpu_seconds()
        time.sleep(2)
        cpu2 = srv.cpu_seconds()
        done.set()
        p.join()
        row("5m", "REQUEST_TIMEOUT_SECS=1 with MAX_QUERY_COMPLEXITY and MAX_RESOLVED_VALUES lifted: "
            "the 5-hop query of 1a (CPU work the estimate no longer stops); 4 GiB address-space "
            "limit", srv, answer(r),
            secs(r.elapsed),
            f"CPU {cpu1 - cpu0:.2f} s during the request, {cpu2 - cpu1:.2f} s in the 2 s after "
            f"the answer; /healthz during it: {len(lat)} probes, slowest {secs(max(lat) if lat else None)}. "
            + first_message(r))
    finally:
        srv.stop()

    # The request timeout where something really waits: a "database" that never answers.
    blackhole = socket.socket()
    blackhole.bind(("127.0.0.1", 0))
    blackhole.listen(64)
    bh_port = blackhole.getsockname()[1]
    srv = fresh({"REQUEST_TIMEOUT_SECS": "1", "ANALYTICS_TOKEN": TOKEN, "MIGRATE_ON_START": "false"},
                database_url=f"postgres://postgres@127.0.0.1:{bh_port}/x")
    try:
        r = post(srv.port, {"query": "{ decisionStats { total } }"},
                 headers=f"Authorization: Bearer {TOKEN}\r\n")
        row("5n", "REQUEST_TIMEOUT_SECS=1, `decisionStats` against a database that never answers",
            srv, answer(r), secs(r.elapsed), first_message(r))
    finally:
        srv.stop()
        blackhole.close()


# ------------------------------------------------------------------------------------------
# 6. Metrics cardinality

ROOTS = [
    "frameworks { id }",
    'framework(id: "django") { name }',
    "criteria { id }",
    "faqs { id }",
    "comparison { rows { label } }",
    "glossary { id }",
    "catalogVersion",
    'node(id: "none") { id }',
    "nodes(ids: []) { id }",
    "recommendation(profile: { answers: [] }) { confidence }",
    "decisionStats { total }",
    "__typename",
]


def metrics_summary(text):
    series = [l for l in text.splitlines() if l and not l.startswith("#")]
    ops = set(re.findall(r'operation="([^"]*)"', text))
    return series, ops


def case6():
    srv = fresh()
    try:
        before = get(srv.port, "/metrics")
        s0, o0 = metrics_summary(before.body.decode())
        bodies = []
        for mask in range(1, 1 << len(ROOTS)):
            fields = [ROOTS[i] for i in range(len(ROOTS)) if mask & (1 << i)]
            bodies.append(dumps({"query": "{ " + " ".join(fields) + " }"}))
        t0 = time.monotonic()
        with cf.ThreadPoolExecutor(4) as ex:
            rs = list(ex.map(lambda b: post(srv.port, b), bodies))
        took = time.monotonic() - t0
        after = get(srv.port, "/metrics")
        s1, o1 = metrics_summary(after.body.decode())
        statuses = counted(str(r.status) for r in rs)
        row("6a", f"the {len(bodies):,} combinations of {len(ROOTS)} root fields, then `/metrics` "
            "(then: 7 KB → 12.9 MB, 90k series)", srv,
            f"`/metrics` {size(len(before.body))} → {size(len(after.body))}, {len(s0)} → {len(s1)} "
            f"series, {len(o1)} operation labels",
            f"{secs(took)} for {len(bodies):,} requests (4 clients)",
            f"statuses: {statuses}; labels: {', '.join(sorted(o1))}")
    finally:
        srv.stop()

    # The other client-chosen strings: operation names and the self-asserted client name.
    srv = fresh()
    try:
        before = get(srv.port, "/metrics")
        s0, _ = metrics_summary(before.body.decode())
        t0 = time.monotonic()

        def named(i):
            return post(srv.port, {"query": f"query Op{i} {{ catalogVersion }}", "operationName": f"Op{i}"},
                        headers=f"X-Client-Name: portal-{i}\r\n")

        with cf.ThreadPoolExecutor(4) as ex:
            rs = list(ex.map(named, range(4095)))
        took = time.monotonic() - t0
        after = get(srv.port, "/metrics")
        s1, o1 = metrics_summary(after.body.decode())
        row("6b", "4,095 requests, each with its own operation name and `X-Client-Name`", srv,
            f"`/metrics` {size(len(before.body))} → {size(len(after.body))}, {len(s0)} → {len(s1)} series",
            f"{secs(took)} for 4,095 requests (4 clients)",
            f"statuses: {counted(str(r.status) for r in rs)}; operation labels: {', '.join(sorted(o1))}")
    finally:
        srv.stop()


# ------------------------------------------------------------------------------------------
# 7. The database pool; 8b


def psql(sql, db="postgres"):
    out = subprocess.run(
        ["psql", f"{PG_URL}/{db}", "-v", "ON_ERROR_STOP=1", "-tAc", sql],
        capture_output=True, text=True, timeout=60,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return out.stdout.strip()


def xact_commits():
    return int(psql(f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{DB_NAME}'") or 0)


def spool_state(srv):
    ready = get(srv.port, "/readyz").json or {}
    records = ((ready.get("decisionLog") or {}).get("spool") or {}).get("records")
    files = os.listdir(srv.spool) if os.path.isdir(srv.spool) else []
    wal = [f for f in files if f.endswith(".wal")]
    return records, len(wal)


def case7():
    db_url = f"{PG_URL}/{DB_NAME}"
    auth = f"Authorization: Bearer {TOKEN}\r\n"
    # Every submitter below shares 127.0.0.1, so the per-client mutation limit (120 a
    # minute) would refuse most of them with 429 before they reach the database: turned
    # off, as in tests/api/abuse.rs, to measure the pool and not the rate limit.
    env = {"ANALYTICS_TOKEN": TOKEN, "MUTATION_RATE_LIMIT_PER_MINUTE": "0"}
    thirty = "".join(f"s{i}: {STATS} " for i in range(30))
    ten = "".join(f"s{i}: {STATS} " for i in range(10))
    big_batch = dumps([{"query": "{ " + thirty + "}"} for _ in range(10)])
    ten_body = dumps({"query": "{ " + ten + "}"})

    for name, attack, analytics in (
        ("7a", "the 10-entry × 30-alias `decisionStats` batch, with the token, beside 200 "
         "concurrent `submitProfile` and 100 `recordOutcome` (then: 17 s, 1,573 "
         "INTERNAL_SERVER_ERROR, decisions spooled, recordOutcome SERVICE_UNAVAILABLE)",
         [big_batch]),
        ("7b", "the most the budget allows: 10 concurrent requests of 10 aliased `decisionStats`, "
         "beside the same submissions and outcomes", [ten_body] * 10),
    ):
        srv = fresh(env, database_url=db_url)
        try:
            srv.wait_ready()
            # Decisions to report outcomes for, and data for the aggregates.
            with cf.ThreadPoolExecutor(8) as ex:
                seeded = list(ex.map(lambda i: submit(srv.port, i), range(100)))
            seeds = [((r.json or {}).get("data") or {}).get("submitProfile") or {} for r in seeded]
            seeds = [s for s in seeds if s.get("decisionId")]
            rec0, wal0 = spool_state(srv)
            stored0 = int(psql("SELECT count(*) FROM decisions", DB_NAME))
            t0 = time.monotonic()
            with cf.ThreadPoolExecutor(64) as ex:
                a = [ex.submit(post, srv.port, b, auth) for b in analytics]
                s = [ex.submit(submit, srv.port, i) for i in range(200)]
                o = [ex.submit(post, srv.port, {"query": OUTCOME, "variables": {
                    "d": sd["decisionId"], "c": "django", "t": sd["outcomeToken"]}})
                     for sd in seeds]
                ar = [f.result() for f in a]
                sr = [f.result() for f in s]
                orr = [f.result() for f in o]
            took = time.monotonic() - t0
            acked = sum(1 for r in sr if (((r.json or {}).get("data") or {}).get("submitProfile") or {}).get("decisionId"))
            time.sleep(0.5)
            rec1, wal1 = spool_state(srv)
            stored1 = int(psql("SELECT count(*) FROM decisions", DB_NAME))
            outcome_answers = counted("true" if ((r.json or {}).get("data") or {}).get("recordOutcome") is True
                                      else answer(r) for r in orr)
            row(name, attack, srv,
                f"analytics: {answers(ar)}; submissions: {acked}/200 acknowledged "
                f"({answers(sr)}); recordOutcome: {outcome_answers}",
                f"{secs(took)} for all (analytics slowest {secs(max(r.elapsed for r in ar))}, "
                f"submission slowest {secs(max(r.elapsed for r in sr))})",
                f"spool records {rec0} → {rec1}, segment files {wal0} → {wal1}; decisions in "
                f"PostgreSQL {stored0} → {stored1}. {first_message(ar[0])}")
        finally:
            srv.stop()

    # /readyz: a query per hit, or the background probe's state?
    srv = fresh(env, database_url=db_url)
    try:
        srv.wait_ready()
        time.sleep(2)
        # Two windows of the same length, one idle and one that starts with the 300 hits.
        # PostgreSQL 15 publishes an idle backend's counters up to 10 s late, so the windows
        # are longer than that.
        window = 12.0
        x0 = xact_commits()
        time.sleep(window)
        x1 = xact_commits()
        t0 = time.monotonic()
        rs = [get(srv.port, "/readyz") for _ in range(300)]
        took = time.monotonic() - t0
        time.sleep(max(0.0, window - took))
        x2 = xact_commits()
        row("7c", "300 unauthenticated `/readyz` (then: `SELECT 1` on every hit)", srv,
            answers(rs), f"{secs(took)} for 300 (slowest {secs(max(r.elapsed for r in rs))})",
            f"transactions committed in {DB_NAME} (pg_stat_database.xact_commit; "
            f"pg_stat_statements is not installed): {x1 - x0} in {window:.0f} s idle, {x2 - x1} "
            f"in {window:.0f} s with the 300 hits")
    finally:
        srv.stop()


def case8b():
    srv = fresh({"ANALYTICS_TOKEN": TOKEN}, database_url=f"{PG_URL}/{DB_NAME}")
    try:
        srv.wait_ready()
        r = post(srv.port, {"query": '{ decisionStats(from: "-262143-01-01T00:00:00Z") { total } }'},
                 headers=f"Authorization: Bearer {TOKEN}\r\n")
        row("8b", 'year -262143: `decisionStats(from: "-262143-01-01T00:00:00Z")` (then '
            "INTERNAL_SERVER_ERROR)", srv, answer(r), secs(r.elapsed), first_message(r))
    finally:
        srv.stop()


# ------------------------------------------------------------------------------------------
# 8. Smaller leaks


def case8a():
    srv = fresh({"INTROSPECTION": "false"})
    try:
        r = post(srv.port, {"query": "{ framewrks { id } }"})
        r2 = post(srv.port, {"query": "{ frameworks { nme } }"})
        leak = any("Did you mean" in m for m in messages_of(r.json) + messages_of(r2.json))
        row("8a", "INTROSPECTION=false, `{ framewrks { id } }` and `{ frameworks { nme } }` "
            '(then: Did you mean "frameworks", "framework"?)', srv,
            f"{answer(r)}; {answer(r2)}", secs(r.elapsed + r2.elapsed),
            f"{'**suggestions leak**' if leak else 'no suggestion'}: “{first_message(r)}” / “{first_message(r2)}”")
    finally:
        srv.stop()


def case8c():
    mount = tempfile.mkdtemp(prefix="fm-attacks-disk-")
    try:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=65536", "tmpfs", mount],
                            capture_output=True).returncode == 0
    except FileNotFoundError:
        ok = False
    if not ok:
        os.rmdir(mount)
        line = ("| 8c | full disk under the spool | skipped: mounting a tmpfs needs root | — | — | — | "
                "covered by `a_full_disk_refuses_appends_without_leaving_files_and_backs_off` "
                "(src/decision_log/spool/tests.rs) |")
        ROWS.append(line)
        emit(line)
        return
    try:
        # A database that is not there: every decision goes to the spool, on a 64 KiB disk.
        spool = os.path.join(mount, "spool")
        srv = fresh({"MUTATION_RATE_LIMIT_PER_MINUTE": "0", "MIGRATE_ON_START": "false"},
                    database_url="postgres://postgres@127.0.0.1:9/none", spool_dir=spool)
        try:
            t0 = time.monotonic()
            filled, first_refusal = 0, None
            for i in range(5000):
                r = submit(srv.port, i)
                if "DECISION_NOT_RECORDED" in codes_of(r.json):
                    first_refusal = i
                    break
                filled += 1
            files_full = sorted(os.listdir(spool))
            t1 = time.monotonic()
            rs = [submit(srv.port, i) for i in range(2000)]
            t2 = time.monotonic()
            files_after = sorted(os.listdir(spool))
            row("8c", "full disk under the spool (64 KiB tmpfs, database unreachable): 2,000 "
                "submissions refused (then: 2,000 refusals → 2,245 files)", srv,
                f"{answers(rs)}", f"{secs(t2 - t1)} for the 2,000 ({secs((t2 - t1) / 2000)} each)",
                f"{filled} decisions spooled before the first refusal ({secs(t1 - t0)}); files "
                f"in the spool: {len(files_full)} when full → {len(files_after)} after the 2,000 "
                f"refusals ({', '.join(files_after)})")
        finally:
            srv.stop()
    finally:
        subprocess.run(["umount", mount], capture_output=True)
        os.rmdir(mount)


# ------------------------------------------------------------------------------------------


def main():
    if not os.access(BIN, os.X_OK):
        sys.exit(f"no executable at BIN={BIN}")
    t_start = time.monotonic()
    emit(f"# The attacks of issue 18, replayed: BIN={BIN}")
    emit(f"# {time.strftime('%Y-%m-%d %H:%M:%S %Z')}; binary {os.path.getsize(BIN):,} bytes, "
         f"modified {time.strftime('%Y-%m-%d %H:%M', time.localtime(os.path.getmtime(BIN)))}")
    emit("# " + subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    emit("# Peak RSS is VmHWM of a process started fresh for the row; in parentheses, its")
    emit("# VmHWM right after start-up. Times are wall clock on this machine.")
    emit()
    emit(HEADER)
    emit("|---|---|---|---|---|---|---|")

    def wanted(c):
        return not ONLY or c in ONLY

    if wanted("1"):
        case1()
    if wanted("2"):
        case2()
    if wanted("3"):
        case3()
    if wanted("4"):
        case4()
    if wanted("5"):
        case5()
    if wanted("6"):
        case6()
    db = False
    if wanted("7") or wanted("8"):
        try:
            psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
            psql(f"CREATE DATABASE {DB_NAME}")
            db = True
        except (RuntimeError, FileNotFoundError, subprocess.TimeoutExpired) as e:
            emit(f"| 7, 8b | | skipped: no PostgreSQL at {PG_URL} ({e}) | | | | |")
    try:
        if db and wanted("7"):
            case7()
        if wanted("8"):
            case8a()
            if db:
                case8b()
            case8c()
    finally:
        if db:
            psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    emit()
    emit(f"# total {time.monotonic() - t_start:.0f} s; "
         + subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
