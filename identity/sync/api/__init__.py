"""The REST API of the group sync's operations (``/api/v1/ops/…``, staff only): sync schedules
(interval, cron and time zone, pause, resume, Run now), run history, approving a held run and
marking a stuck one failed — the same services as the ``/ops/`` pages."""
