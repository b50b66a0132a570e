"""``catalyst_admin`` holds no models: it is the plumbing every app shares. Its migrations remain
for the history of databases made before the worker heartbeat moved to ``identity.sync``."""
