"""The REST API of account connections (``/api/v1/spaces/<space>/aws-accounts/…``): request a
connection (its token in that response only), regenerate the token, list and get, IAM roles, and
project restrictions — through the same services as Settings → AWS accounts."""
