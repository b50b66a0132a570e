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
at load 2–3 the two were within the noise of each other. Measure again on a quiet machine.
"""

import multiprocessing
import os

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
