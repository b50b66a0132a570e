#!/usr/bin/env python
"""Time a first `make run` on a fresh clone (issue 17 §4: ≤ 60 s to the first page with a warm
package cache).

Clones this repository's committed HEAD into a temporary directory, runs `make run` there on a
free port (a new .venv, the runtime dependencies only — pip's own cache is left as it is, so a
second run of this script measures a warm cache), and times from the start of `make` to the
first HTTP answer of the sign-in page. Prints that time, the size of the new .venv and the load
average, then stops the run (its whole process group) and removes the clone. Measured and
printed, never asserted.

Usage:
    python bench/first_run.py             # one fresh clone
    python bench/first_run.py --runs 2    # the first may warm pip's cache; the second is warm
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_average() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answered(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


# What `make run` echoes as it goes, and the phase each line starts.
MARKS = {
    "-m venv": "venv",
    "INSTALL_DEPS": "pip install",
    "manage.py migrate": "migrate",
    "manage.py seed_demo": "seed_demo",
    "manage.py runconsole": "runconsole",
}


def pump(stream, log, started: float, phases: dict) -> None:
    for line in iter(stream.readline, b""):
        log.write(line)
        text = line.decode(errors="replace")
        for needle, phase in MARKS.items():
            if needle in text and phase not in phases:
                phases[phase] = time.monotonic() - started


def size_mb(path: Path) -> float:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            file = Path(dirpath) / name
            if not file.is_symlink():
                total += file.stat().st_size
    return total / 1e6


def one_run(timeout: float) -> None:
    with tempfile.TemporaryDirectory(prefix="first-run-") as tmp:
        clone = Path(tmp) / "catalyst-admin"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "VIRTUAL_ENV", "CELERY_BROKER_URL")}
        env["PYTHON"] = shutil.which("python3") or sys.executable
        log = open(Path(tmp) / "make-run.log", "wb")
        started = time.monotonic()
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=clone,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        phases: dict[str, float] = {}
        reader = threading.Thread(target=pump, args=(process.stdout, log, started, phases), daemon=True)
        reader.start()
        url = f"http://127.0.0.1:{port}/signin/"
        status, elapsed = None, None
        try:
            while time.monotonic() - started < timeout:
                if process.poll() is not None:
                    break
                status = answered(url)
                if status is not None:
                    elapsed = time.monotonic() - started
                    break
                time.sleep(0.25)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            log.close()
        reader.join(timeout=5)
        venv = size_mb(clone / ".venv")
        if elapsed is None:
            tail = (Path(tmp) / "make-run.log").read_text(errors="replace")[-3000:]
            print(f"no answer within {timeout:.0f} s (make exited {process.returncode}); its output ended:\n{tail}")
            return
        print(
            f"make run on a fresh clone: first answer ({status} from /signin/) after {elapsed:.1f} s "
            f"(target ≤ 60 s); .venv {venv:.0f} MB  ({load_average()})"
        )
        marks = sorted(phases.items(), key=lambda item: item[1])
        steps = [("make starts", 0.0), *marks, ("first answer", elapsed)]
        pairs = zip(steps, steps[1:], strict=False)
        print("  " + "; ".join(f"{a} → {b}: {tb - ta:.1f} s" for (a, ta), (b, tb) in pairs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    for _ in range(args.runs):
        one_run(args.timeout)


if __name__ == "__main__":
    main()
