#!/usr/bin/env python3
"""Instructions per request, independent of machine load: runs the service under
callgrind (one worker, no database), sends N requests one after another on one keep-alive
connection, and reports (Ir after N+WARM requests - Ir after WARM requests) / N.

    BIN=target/release/framework-matrix python3 bench/instructions.py [scenario] [N]
    KEEP=/tmp/cg.out ... keeps the measured requests' callgrind output for callgrind_annotate

Scenarios: floor, catalog, preview_unique (the full explanation, every request a
different profile, as bench/profiles.lua sends them), preview_ranking_unique (~60
fields), preview_top_unique (13 fields). The selections are bench/load.sh's.
"""
import http.client, json, os, re, socket, subprocess, sys, tempfile, time

BIN = os.environ.get("BIN", "target/release/framework-matrix")
SCENARIO = sys.argv[1] if len(sys.argv) > 1 else "preview_unique"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
WARM = 50

EXPLAINED = """catalogVersion confidence
  top { framework { id name } score fit }
  ranking { rank framework { id } score fit reasons { criterionId optionId contribution explanation } }
  takeaways { id severity text frameworkIds }
  pivots { criterionId optionId fromOptionId newTop { id } newTopScore }"""
RANKING = "confidence top { framework { id name } score fit } ranking { rank framework { id } score fit } takeaways { id severity }"
TOP = "confidence top { framework { id name } fit } takeaways { id severity }"
SELECTIONS = {"preview_unique": EXPLAINED, "preview_ranking_unique": RANKING, "preview_top_unique": TOP}
WEIGHTS = ["1", "2", "0.5", "1.5", "3"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def post(conn, body):
    conn.request("POST", "/graphql", body=body, headers={"Content-Type": "application/json", "Accept": "application/json"})
    r = conn.getresponse()
    data = r.read()
    if r.status != 200 or b'"errors"' in data:
        raise SystemExit(f"request failed: {r.status} {data[:300]!r}")


def bodies(conn, count):
    if SCENARIO == "floor":
        return [json.dumps({"query": "{ __typename }"})] * count
    if SCENARIO == "catalog":
        return [json.dumps({"query": "{ frameworks { id name language summary } criteria { id options { id } } }"})] * count
    conn.request("POST", "/graphql", body=json.dumps({"query": "{ criteria { criterionId options { optionId } } }"}),
                 headers={"Content-Type": "application/json"})
    criteria = [(c["criterionId"], [o["optionId"] for o in c["options"]])
                for c in json.loads(conn.getresponse().read())["data"]["criteria"]]
    query = "query Preview($p: ProfileInput!) { recommendation(profile: $p) { " + SELECTIONS[SCENARIO] + " } }"
    out = []
    for counter in range(1, count + 1):  # the mixed-radix counter of bench/profiles.lua
        n, answers = counter, []
        w = WEIGHTS[n % len(WEIGHTS)]
        n //= len(WEIGHTS)
        for cid, options in criteria:
            digit = n % (len(options) + 1)
            n //= len(options) + 1
            if digit:
                answers.append({"criterionId": cid, "optionId": options[digit - 1], "weight": float(w if not answers else 1)})
        out.append(json.dumps({"query": query, "variables": {"p": {"answers": answers}}}))
    return out


def main():
    port = free_port()
    outdir = tempfile.mkdtemp()
    env = dict(os.environ, LISTEN_ADDR=f"127.0.0.1:{port}", DATABASE_URL="", WORKERS="1", RUST_LOG="warn",
               RESPONSE_CACHE_BYTES=os.environ.get("RESPONSE_CACHE_BYTES", "0"))
    proc = subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={outdir}/cg.%p", BIN],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    all_bodies = bodies(conn, WARM + N)
    for b in all_bodies[:WARM]:
        post(conn, b)
    zero = subprocess.run(["callgrind_control", "--zero", str(proc.pid)], capture_output=True, text=True)
    t = time.time()
    for b in all_bodies[WARM:]:
        post(conn, b)
    subprocess.run(["callgrind_control", "--dump=measured", str(proc.pid)], capture_output=True, text=True)
    proc.terminate()
    proc.wait()
    # The first numbered dump (`cg.<pid>.1`) is the one taken after the measured requests;
    # the unnumbered file is what ran between it and the exit.
    dumps = [f for f in os.listdir(outdir) if f.endswith(".1")]
    if not dumps:
        raise SystemExit(f"no dump after the measured requests ({zero.stderr.strip()}); files: {os.listdir(outdir)}")
    text = open(os.path.join(outdir, dumps[0]), errors="replace").read()
    m = re.search(r"^summary: (\d+)", text, re.M) or re.search(r"^totals: (\d+)", text, re.M)
    totals = [int(m.group(1))]
    print(f"{SCENARIO}: {sum(totals) / N:,.0f} instructions per request over {N} requests "
          f"(BIN={BIN}, response cache {'off' if env['RESPONSE_CACHE_BYTES'] == '0' else 'on'}, "
          f"{time.time() - t:.0f} s under valgrind)")
    if os.environ.get("KEEP"):
        # For a breakdown: callgrind_annotate --inclusive=yes "$KEEP" | head -60
        with open(os.environ["KEEP"], "w") as f:
            f.write(text)
        print(f"callgrind output kept in {os.environ['KEEP']}")


if __name__ == "__main__":
    main()
