#!/usr/bin/env python
"""Measure how the embedded run mode's web server holds simultaneous requests (issue 9, section 5).

Fires N requests at once (default 50, released together by a barrier, each on its own connection)
at a running server, and prints how many got an HTTP answer, how many were refused or timed out,
and the slowest answer. Measured, not asserted.

Usage:
    make run                                    # in another terminal (or manage.py runconsole)
    python bench/embedded_load.py               # 50 at http://127.0.0.1:8000/signin/
    python bench/embedded_load.py --url http://127.0.0.1:8123/static/css/console.css --requests 100
    python bench/embedded_load.py --rounds 5    # five rounds, one line each
"""

import argparse
import http.client
import threading
import time
from collections import Counter
from urllib.parse import urlsplit


def one_request(url: str, timeout: float) -> tuple[str, float]:
    """The outcome of one GET ("200", "refused", "timeout", "reset", ...) and how long it took."""
    parts = urlsplit(url)
    started = time.monotonic()
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        connection.request("GET", parts.path or "/", headers={"Connection": "close"})
        response = connection.getresponse()
        response.read()
        outcome = str(response.status)
    except ConnectionRefusedError:
        outcome = "refused"
    except ConnectionResetError:
        outcome = "reset"
    except TimeoutError:
        outcome = "timeout"
    except (http.client.HTTPException, OSError) as error:
        outcome = type(error).__name__
    finally:
        connection.close()
    return outcome, time.monotonic() - started


def fire(url: str, count: int, timeout: float) -> tuple[Counter, float]:
    barrier = threading.Barrier(count)
    results: list[tuple[str, float]] = []
    lock = threading.Lock()

    def run():
        barrier.wait()
        result = one_request(url, timeout)
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(outcome for outcome, _ in results), max(seconds for _, seconds in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000/signin/")
    parser.add_argument("--requests", type=int, default=50, help="simultaneous requests per round (default 50)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds each request may take")
    args = parser.parse_args()

    one_request(args.url, args.timeout)  # warm up: the first request imports the views
    total = Counter()
    for round_ in range(1, args.rounds + 1):
        outcomes, slowest = fire(args.url, args.requests, args.timeout)
        total.update(outcomes)
        answered = sum(n for outcome, n in outcomes.items() if outcome.isdigit())
        detail = ", ".join(f"{outcome}: {n}" for outcome, n in sorted(outcomes.items()))
        print(f"round {round_}: {answered}/{args.requests} answered ({detail}); slowest {slowest:.2f} s", flush=True)
    answered = sum(n for outcome, n in total.items() if outcome.isdigit())
    ok = total.get("200", 0)
    print(f"total: {ok}/{args.requests * args.rounds} succeeded (200), {answered} answered, of {args.url}")


if __name__ == "__main__":
    main()
