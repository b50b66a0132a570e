"""Real concurrent requests for the PostgreSQL tests: each call in its own thread and database
connection, all released together by a barrier. Nothing is patched to widen the window."""

import threading

from django.db import connection

from catalyst_admin.errors import DomainError


def at_once(*calls) -> list[str]:
    """Run ``calls`` together; each outcome is "done", the DomainError's message, or the repr of
    any other exception (so an unexpected failure shows in the test's assertion, not only in a thread)."""
    start = threading.Barrier(len(calls), timeout=10)
    outcomes = []

    def run(call):
        try:
            start.wait()
            call()
            outcomes.append("done")
        except DomainError as error:
            outcomes.append(error.message)
        except Exception as error:  # noqa: BLE001 - reported through the outcomes
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
