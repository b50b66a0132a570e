"""Settings → VPC connections as REST endpoints (``endpoints.py``)."""
