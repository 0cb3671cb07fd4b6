#!/usr/bin/python3
"""Load generator for `impact serve`: N requests of one workbook from C concurrent loopback clients.

    impact serve --insecure-http --port 8766 &
    /usr/bin/python3 bench/serve_load.py --url http://127.0.0.1:8766 --workbook samples/york-masterclasses.xlsx \
        --requests 200 --concurrency 200 [--call analyse] [--cafile ca.pem] [--json]

Prints p50 / p95 / max latency and throughput (and, with --json, one JSON object on stdout that
tests/serve reads). Each client opens its own connection; all start together behind a barrier.
"""
import argparse
import base64
import http.client
import json
import ssl
import statistics
import sys
import threading
import time
import urllib.parse


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True, help="http://127.0.0.1:PORT or https://localhost:PORT")
    p.add_argument("--workbook", required=True)
    p.add_argument("--call", default="analyse", choices=["check", "analyse", "summary", "reports"])
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--concurrency", type=int, default=200)
    p.add_argument("--cafile", help="the CA to trust for https (impact serve --install-certificate's ca.pem)")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()

    url = urllib.parse.urlparse(a.url)
    with open(a.workbook, "rb") as f:
        body = json.dumps({"name": a.workbook.rsplit("/", 1)[-1], "workbook": base64.b64encode(f.read()).decode(),
                           "force": True}).encode()
    context = ssl.create_default_context(cafile=a.cafile) if url.scheme == "https" else None

    latencies, statuses, answers, errors = [], [], [], []
    lock = threading.Lock()
    barrier = threading.Barrier(min(a.concurrency, a.requests))
    todo = list(range(a.requests))

    def client():
        try:
            barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        while True:
            with lock:
                if not todo:
                    return
                todo.pop()
            start = time.perf_counter()
            try:
                if context:
                    conn = http.client.HTTPSConnection(url.hostname, url.port, timeout=300, context=context)
                else:
                    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
                conn.request("POST", "/api/" + a.call, body, {"Content-Type": "application/json"})
                resp = conn.getresponse()
                payload = resp.read()
                conn.close()
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    statuses.append(resp.status)
                    answers.append(payload)
            except Exception as e:  # noqa: BLE001 - every failure counts
                with lock:
                    errors.append(repr(e))

    threads = [threading.Thread(target=client) for _ in range(min(a.concurrency, a.requests))]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall

    ok = statuses.count(200)
    lat = sorted(latencies)
    q = (lambda f: lat[min(len(lat) - 1, int(round(f * (len(lat) - 1))))] * 1000) if lat else (lambda f: None)
    result = {
        "requests": a.requests, "concurrency": a.concurrency, "call": a.call,
        "ok": ok, "failed": a.requests - ok, "statuses": {str(s): statuses.count(s) for s in set(statuses)},
        "errors": errors[:5],
        "p50_ms": q(0.5), "p95_ms": q(0.95), "max_ms": lat[-1] * 1000 if lat else None,
        "mean_ms": statistics.mean(lat) * 1000 if lat else None,
        "wall_s": wall, "throughput_rps": len(lat) / wall if wall else None,
        "identical": len(set(answers)) == 1,
    }
    if lat:
        print(f"{a.requests} x /api/{a.call}, {a.concurrency} concurrent: {ok} ok, {result['failed']} failed; "
              f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, max {result['max_ms']:.0f} ms; "
              f"{result['throughput_rps']:.1f} requests/s over {wall:.1f} s", file=sys.stderr)
    else:
        print(f"{a.requests} x /api/{a.call}: no request was answered (is impact serve running at {a.url}?); "
              f"first errors: {errors[:3]}", file=sys.stderr)
    if a.json:
        if answers and a.call in ("check", "analyse"):
            result["first"] = json.loads(answers[0])
        json.dump(result, sys.stdout)
        print()
    sys.exit(0 if result["failed"] == 0 else 1)


if __name__ == "__main__":
    main()
