"""Load generator for bench/api.py, run as its own process: ``python -m bench._load URL [...]``.

Uses ``wrk`` when it is installed (Debian package ``wrk``); otherwise a small client
of its own (threads, one keep-alive connection each). Prints one JSON line:
requests per second, p50 and p99 latency in milliseconds, and the status codes seen.
"""

import argparse
import http.client
import json
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from urllib.parse import urlsplit


def with_wrk(url, seconds, connections, headers):
    command = ["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{seconds}s", "--latency", url]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def latency(percentile):
        match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * units[match.group(2)]

    requests = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {"tool": "wrk", "rps": requests, "p50": latency(50), "p99": latency(99),
            "bad": int(bad.group(1)) if bad else 0,
            "errors": sum(int(n) for n in errors.groups()) if errors else 0}


def with_threads(url, seconds, connections, headers):
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    header_dict = dict(h.split(": ", 1) for h in headers)
    deadline = time.perf_counter() + seconds
    latencies, statuses, lock = [], Counter(), threading.Lock()

    def worker():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine, codes = [], Counter()
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=header_dict)
                response = connection.getresponse()
                response.read()
                codes[response.status] += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                codes["error"] += 1
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            statuses.update(codes)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] if latencies else float("nan")

    return {"tool": "python", "rps": len(latencies) / elapsed, "p50": percentile(50), "p99": percentile(99),
            "bad": sum(n for code, n in statuses.items() if code != "error" and code >= 400),
            "errors": statuses.get("error", 0)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--python", action="store_true", help="use the Python client even if wrk is installed")
    args = parser.parse_args()
    if shutil.which("wrk") and not args.python:
        result = with_wrk(args.url, max(1, round(args.seconds)), args.connections, args.header)
    else:
        result = with_threads(args.url, args.seconds, args.connections, args.header)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
