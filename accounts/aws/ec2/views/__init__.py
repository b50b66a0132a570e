"""The Amazon VPC console pages, by topic."""
