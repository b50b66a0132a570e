"""gunicorn's settings wherever the console is served: ``make run`` (``runconsole``'s web and tls
servers), the compose file's web and web-tls, the image's default command and ``bench/pages.py``'s
load run, each as ``gunicorn catalyst_admin.wsgi:application -c python:catalyst_admin.gunicorn_conf
--bind …``. The environment may change them: ``WEB_CONCURRENCY`` (processes), or gunicorn's own
``GUNICORN_CMD_ARGS="--threads 8"``.

Chosen by measuring (``bench/pages.py``'s load run, wrk, 20 connections, 2 shared cores): a request
is Python holding the GIL, so one process per core; threaded workers keep a client's connection
open between requests (wrk's, a browser's) where a sync worker closes it after each answer. In
back-to-back runs at load 5–7, 2 processes × 4 threads served the same pages at up to twice the
requests/s of the 3 sync workers compose had, with less CPU per request (× 8 threads: no better);
at load 2–3 the two were within the noise of each other.

Each worker listens on its own socket (``reuse_port``), so the kernel spreads new connections over
the workers. With one shared socket, whichever worker woke first accepted them: in about half the
runs on a quiet machine (session 9) all 20 of wrk's kept-alive connections landed on one worker,
which then served a signed-in hello world at 450–640 requests/s instead of 1,400–2,100 (its four
threads fighting over one GIL while the other core idled) and a space's page at p95 180–280 ms
instead of 65–90.
"""

import multiprocessing
import os
import socket
import sys

workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count())
worker_class = "gthread"
threads = 4
# The application is imported, its URLs and templates made ready (catalyst_admin.wsgi.warm_up), once
# in the master: the workers fork warm instead of spending their first requests importing.
preload_app = True
graceful_timeout = 5
accesslog = "-"
# No control socket (gunicorn 27's `gunicornc`, unused here): every master would take the same path
# under $HOME, and `make run` starts two (web and tls).
control_socket_disable = True
reuse_port = True


def on_starting(server):
    """Refuse an address something already listens on, as a plain bind would. With ``reuse_port`` a
    second server on the same address (a ``make run`` left running, another console) would bind
    beside the first and the two would share its connections."""
    for address in server.cfg.address:
        if not isinstance(address, tuple):
            continue  # a Unix socket path: gunicorn's own bind refuses one in use
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address[:2])
            except OSError as error:
                server.log.error("Cannot listen on %s:%s: %s", address[0], address[1], error.strerror)
                sys.exit(1)
