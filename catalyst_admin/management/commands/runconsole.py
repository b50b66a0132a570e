"""``python manage.py runconsole``: the embedded run mode in one command.

Starts four child processes and supervises them:

- ``web``: gunicorn serving ``catalyst_admin.wsgi`` (threaded workers, static files through
  WhiteNoise; its settings are ``catalyst_admin/gunicorn_conf.py``, as compose serves it).
  Django's development server (a listen backlog of 10) refused about one connection in five
  under fifty simultaneous requests in a security review, and kept the rest waiting for TCP
  retries; ``bench/embedded_load.py`` measures it
- ``tls``: a second gunicorn serving the same console over HTTPS on ``TLS_PORT`` (8443), with
  the self-signed certificate ``catalyst_admin.tls`` creates once under ``var/tls/`` (gunicorn
  applies a certificate to every bind of a process, hence a process of its own); for SDKs such as
  botocore >= 1.44, which send bearer tokens only over HTTPS. ``--tls-port 0`` leaves it out
- ``worker``: a Celery worker (``celery -A catalyst_admin worker``)
- ``beat``: Celery beat with the database scheduler, its pid file under ``var/``

Every line a child prints is echoed with its name in front. Ctrl-C (SIGINT) or SIGTERM
stops all of them and waits for them; if any child dies on its own, the others are stopped
and the command exits non-zero.
"""

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalyst_admin.tls import ensure_certificate

# How long the children get to stop after SIGTERM before they (and their process groups) are
# killed. A Celery worker's warm shutdown on the filesystem transport takes 5-9 s.
STOP_TIMEOUT = 12.0
POLL_INTERVAL = 0.2
PR_SET_PDEATHSIG = 1
# gunicorn's settings (processes, threads, preloading) are the compose file's and the load run's:
# catalyst_admin/gunicorn_conf.py. Requests beyond its threads wait in the listen backlog (2048)
# instead of being refused, and its graceful stop fits in STOP_TIMEOUT.
GUNICORN_CONFIG = "python:catalyst_admin.gunicorn_conf"


def _child_setup():
    """Runs in each child between fork and exec.

    The child gets a session (and process group) of its own, so a Ctrl-C in the terminal
    reaches only this supervisor, which then stops the children in order; and, on Linux,
    the child is sent SIGTERM should the supervisor die without cleaning up.
    """
    os.setsid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass


class Child:
    def __init__(self, name, argv, env, cwd, out):
        self.name = name
        self.argv = argv
        self.out = out
        self.process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=_child_setup,
        )
        self.reader = threading.Thread(target=self._pump, name=f"runconsole-{name}", daemon=True)
        self.reader.start()

    @property
    def pid(self):
        return self.process.pid

    def _pump(self):
        prefix = f"[{self.name}] ".encode()
        for line in iter(self.process.stdout.readline, b""):
            self.out(prefix + line)
        self.process.stdout.close()

    def poll(self):
        return self.process.poll()

    def signal(self, signum):
        if self.process.poll() is None:
            try:
                self.process.send_signal(signum)
            except ProcessLookupError:
                pass

    def kill_group(self):
        """SIGKILL whatever is left in the child's process group (pool processes included)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat together (the embedded run mode)."

    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help="Port for the web server (default: $PORT or 8000).",
        )
        parser.add_argument(
            "--host",
            default=os.environ.get("HOST") or "127.0.0.1",
            help="Address for the web server to bind (default: $HOST or 127.0.0.1).",
        )
        parser.add_argument(
            "--tls-port",
            type=int,
            default=settings.TLS_PORT,
            help="Port for the HTTPS listener (default: $TLS_PORT or 8443; 0 for none).",
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=2,
            help="Number of Celery worker processes (default: 2).",
        )

    # -- output ----------------------------------------------------------------------------

    def _write_raw(self, data: bytes):
        with self._out_lock:
            try:
                stream = getattr(sys.stdout, "buffer", None)
                if stream is not None:
                    stream.write(data)
                    stream.flush()
                else:
                    sys.stdout.write(data.decode(errors="replace"))
                    sys.stdout.flush()
            except (OSError, ValueError):
                # The terminal went away: keep draining the children's output regardless.
                pass

    def _say(self, message):
        self._write_raw(f"[runconsole] {message}\n".encode())

    # -- main ------------------------------------------------------------------------------

    def handle(self, *args, **options):
        self._out_lock = threading.Lock()
        host, port = options["host"], options["port"]
        var_dir = Path(settings.VAR_DIR)
        var_dir.mkdir(parents=True, exist_ok=True)
        base_dir = Path(settings.BASE_DIR)

        env = os.environ.copy()
        env.setdefault("DJANGO_SETTINGS_MODULE", "catalyst_admin.settings")
        # The children must agree with this process on where var/ is.
        env["VAR_DIR"] = str(var_dir)
        env["PYTHONUNBUFFERED"] = "1"

        py = sys.executable
        celery = [py, "-m", "celery", "-A", "catalyst_admin"]
        commands = [("web", self._web_command(py, host, port))]
        tls_port = options["tls_port"]
        if tls_port:
            cert, key = ensure_certificate(settings.TLS_DIR)
            commands.append(("tls", self._web_command(py, host, tls_port, tls=(cert, key))))
        commands += [
            (
                "worker",
                [*celery, "worker", "-l", "info", "--concurrency", str(options["concurrency"])],
            ),
            (
                "beat",
                [
                    *celery,
                    "beat",
                    "-l",
                    "info",
                    "--scheduler",
                    "django_celery_beat.schedulers:DatabaseScheduler",
                    "--schedule",
                    str(var_dir / "celerybeat-schedule"),
                    "--pidfile",
                    str(var_dir / "celerybeat.pid"),
                ],
            ),
        ]

        stop_requested = {"signal": None, "count": 0}

        def request_stop(signum, frame):
            stop_requested["signal"] = signum
            stop_requested["count"] += 1

        previous = {
            signal.SIGINT: signal.signal(signal.SIGINT, request_stop),
            signal.SIGTERM: signal.signal(signal.SIGTERM, request_stop),
        }

        children = []
        exit_code = 0
        try:
            for name, argv in commands:
                children.append(Child(name, argv, env, str(base_dir), self._write_raw))
            shown_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
            if ":" in shown_host and not shown_host.startswith("["):
                shown_host = f"[{shown_host}]"
            self._say(
                "started "
                + ", ".join(f"{c.name} (pid {c.pid})" for c in children)
                + f"; Catalyst Admin is at http://{shown_host}:{port}/ (Ctrl-C stops all)"
            )
            if tls_port:
                self._say(
                    f"and at https://{shown_host}:{tls_port}/ (self-signed certificate {cert}); "
                    f"the codecatalyst API is at https://{shown_host}:{tls_port}/aws-api/codecatalyst"
                )

            if not settings.DEBUG and getattr(settings, "SECURE_SSL_REDIRECT", False):
                self._say(
                    "note: DEBUG is off, so plain-HTTP requests are redirected to HTTPS; "
                    "set DEBUG=true (as `make run` does) for the embedded mode"
                )

            while stop_requested["signal"] is None:
                dead = [c for c in children if c.poll() is not None]
                if dead:
                    for c in dead:
                        self._say(f"{c.name} exited with code {c.poll()}; stopping the others")
                    exit_code = 1
                    break
                time.sleep(POLL_INTERVAL)
            else:
                self._say(f"received {signal.Signals(stop_requested['signal']).name}; stopping")
        finally:
            self._stop_all(children, lambda: stop_requested["count"] > 1)
            for signum, handler in previous.items():
                signal.signal(signum, handler)

        if exit_code:
            raise CommandError("a child process died; all stopped", returncode=exit_code)
        self._say("all stopped")

    @staticmethod
    def _web_command(py, host, port, tls=None):
        """gunicorn for the console on ``host:port``; over HTTPS with ``tls`` = (certificate, key)."""
        bind_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
        tls_args = ["--certfile", str(tls[0]), "--keyfile", str(tls[1])] if tls else []
        return [
            py,
            "-m",
            "gunicorn",
            "catalyst_admin.wsgi:application",
            "--bind",
            f"{bind_host}:{port}",
            "-c",
            GUNICORN_CONFIG,
            *tls_args,
        ]

    def _stop_all(self, children, hurry=lambda: False):
        """SIGTERM every child, wait for them, then SIGKILL what is left (at once on a second
        Ctrl-C)."""
        for c in children:
            c.signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline and any(c.poll() is None for c in children):
            if hurry():
                break
            time.sleep(POLL_INTERVAL)
        for c in children:
            if c.poll() is None:
                self._say(f"{c.name} did not stop in time; killing it")
            # Also clears out anything the child left behind in its group (e.g. pool processes).
            c.kill_group()
        for c in children:
            try:
                c.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            c.reader.join(timeout=2)
