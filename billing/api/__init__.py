"""The REST API of billing (``/api/v1/spaces/<space>/billing/…``): Billing details with this
period's usage, Change tier, cancel a pending downgrade, Change billing account. Space
administrators only, as on the pages."""
