#!/usr/bin/env python3
"""Two `steady serve` processes on one PostgreSQL database, at the same time.

Usage: Tests/Postgres/two_servers.py STEADY_BINARY POSTGRES_ADDRESS [REQUESTS_PER_SERVER=1000]

POSTGRES_ADDRESS names a server whose user may create databases
(postgres://postgres@127.0.0.1:PORT/postgres, as Tests/Postgres/cluster.sh prints). Two runs,
each on a new database:

1. Both servers take REQUESTS_PER_SERVER requests each from 8 client threads, alternating a
   check-in and a read of today's plan, for 40 patients shared by both: every request succeeds;
   afterwards every check-in is stored once, each patient's day has versions 1..n without a gap
   or a duplicate, one plan is stored per distinct input, and `steady audit verify` passes.
2. The same load, with the second server killed with SIGKILL part-way: the first server goes on
   (it never waits on a lock the dead one held), every check-in a client saw acknowledged is
   stored, nothing is half-written (every row has its audit entry: `audit verify` passes), and
   the versions stay unique and gapless.
Exits non-zero with the first failed check.
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

STEADY, ADMIN_ADDRESS = sys.argv[1], sys.argv[2]
REQUESTS = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
assert 1 <= REQUESTS <= 100_000, "REQUESTS_PER_SERVER is 1 to 100000"
PATIENTS = 40
THREADS = 8
PASSWORD = "two-servers-password"


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def psql(address, sql):
    out = subprocess.run(["psql", address, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def new_database():
    name = "steady_two_" + uuid.uuid4().hex[:12]
    psql(ADMIN_ADDRESS, f"CREATE DATABASE {name}")
    return ADMIN_ADDRESS.rsplit("/", 1)[0] + "/" + name


def steady(env, *args, stdin=None):
    return subprocess.run([STEADY, *args], env=env, input=stdin, capture_output=True, text=True)


def start_server(env, folder, name):
    out = open(os.path.join(folder, f"{name}.out"), "w")
    err = open(os.path.join(folder, f"{name}.log"), "w")
    process = subprocess.Popen([STEADY, "serve", "--port", "0"], env=env, stdout=out, stderr=err)
    for _ in range(300):
        with open(os.path.join(folder, f"{name}.out")) as f:
            text = f.read()
        if "listening on" in text:
            return process, text.split("listening on ")[1].split()[0]
        if process.poll() is not None:
            fail(f"server {name} exited: " + open(os.path.join(folder, f"{name}.log")).read()[-2000:])
        time.sleep(0.1)
    fail(f"server {name} did not start")


class Client:
    """One keep-alive connection to one server."""

    def __init__(self, base, token):
        host, port = base.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def request(self, method, path, body=None):
        self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=self.headers)
        response = self.connection.getresponse()
        return response.status, response.read()


def load(bases, token, kill=None):
    """REQUESTS requests per server from THREADS threads each; returns what the clients saw."""
    acknowledged, failures, errors = [], [], []
    lock = threading.Lock()

    def worker(server, thread):
        client = Client(bases[server], token)
        for i in range(thread, REQUESTS, THREADS):
            patient = f"p{(i * 7 + server) % PATIENTS}"
            try:
                if i % 2 == 0:
                    status, body = client.request("POST", f"/api/v1/patients/{patient}/checkins", {"stress": i % 11, "pain": (i * 3) % 11})
                    if status == 201:
                        with lock:
                            acknowledged.append((patient, json.loads(body)["version"]))
                else:
                    status, body = client.request("GET", f"/api/v1/patients/{patient}/plans/today")
                if status >= 300:
                    with lock:
                        failures.append((server, status, body[:200]))
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    errors.append((server, repr(error)))
                if kill is not None and server == 1:
                    return  # that server is gone
                client = Client(bases[server], token)

    threads = [threading.Thread(target=worker, args=(server, t)) for server in range(len(bases)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    if kill is not None:
        time.sleep(kill[1])
        kill[0].send_signal(signal.SIGKILL)
    for thread in threads:
        thread.join()
    return acknowledged, failures, errors


def check_database(address, env, acknowledged):
    rows = int(psql(address, "SELECT COUNT(*) FROM checkin"))
    duplicates = psql(address, "SELECT COUNT(*) FROM (SELECT 1 FROM checkin GROUP BY patient, day, version HAVING COUNT(*) > 1) d")
    gaps = psql(address, "SELECT COUNT(*) FROM (SELECT 1 FROM checkin GROUP BY patient, day HAVING MAX(version) <> COUNT(*) OR SUM(current) <> 1) g")
    if duplicates != "0" or gaps != "0":
        fail(f"day versions: {duplicates} duplicated, {gaps} days with a gap or not one current version")
    stored = set(tuple(line.split("|")) for line in psql(address, "SELECT patient, version FROM checkin").splitlines())
    missing = [a for a in acknowledged if (a[0], str(a[1])) not in stored]
    if missing:
        fail(f"{len(missing)} acknowledged check-ins are not stored, e.g. {missing[:3]}")
    verify = steady(env, "audit", "verify")
    if verify.returncode != 0:
        fail("audit verify: " + verify.stdout + verify.stderr)
    plans = int(psql(address, "SELECT COUNT(*) FROM plan"))
    entries = int(psql(address, "SELECT COUNT(*) FROM audit"))
    return rows, plans, entries


def run(folder, kill_after):
    address = new_database()
    env = dict(os.environ, STEADY_DB=address, STEADY_AUDIT_KEY=os.path.join(folder, "audit.key"), STEADY_ACTOR="two-servers")
    # Every patient has checked in once today, so each read of today's plan has a plan to make.
    today = time.strftime("%Y-%m-%d", time.gmtime())
    csv = os.path.join(folder, "first.csv")
    with open(csv, "w") as f:
        f.write("patient,date,stress,pain\n" + "".join(f"p{n},{today},{n % 11},{n % 7}\n" for n in range(PATIENTS)))
    for args, stdin in [(["db", "migrate"], None), (["user", "add", "--role", "admin", "--password-stdin", "loader"], PASSWORD + "\n"),
                        (["checkin", "--import", csv], None)]:
        result = steady(env, *args, stdin=stdin)
        if result.returncode != 0:
            fail(" ".join(args) + ": " + result.stderr)
    servers = [start_server(env, folder, f"{'kill' if kill_after else 'both'}-{n}") for n in range(2)]
    status, body = Client(servers[0][1], "").request("POST", "/api/v1/tokens", {"name": "loader", "password": PASSWORD})
    if status != 201 and status != 200:
        fail(f"token: {status} {body}")
    token = json.loads(body)["token"]
    started = time.monotonic()
    acknowledged, failures, errors = load([s[1] for s in servers], token, kill=(servers[1][0], kill_after) if kill_after else None)
    seconds = time.monotonic() - started
    for process, _ in servers:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    if failures:
        fail(f"{len(failures)} requests failed, e.g. {failures[:3]}")
    if errors and not kill_after:
        fail(f"{len(errors)} requests got no answer, e.g. {errors[:3]}")
    if kill_after and any(server == 0 for server, _ in errors):
        fail(f"the surviving server failed requests after the other was killed: {errors[:3]}")
    rows, plans, entries = check_database(address, env, acknowledged)
    label = f"server 2 killed (SIGKILL) after {kill_after:.1f} s" if kill_after else "two servers"
    print(f"{label}: {len(acknowledged)} check-ins acknowledged, {rows} stored, {plans} plans stored, "
          f"{entries} audit entries, chain intact, versions unique and gapless ({seconds:.1f} s)")
    return seconds


with tempfile.TemporaryDirectory() as folder:
    seconds = run(folder, None)
    run(folder, max(0.5, seconds / 3))
print("ok")
