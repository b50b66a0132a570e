"""The emulated AWS side: what exists inside an AWS account, by AWS service.

- ``console``: organizations, accounts, console users, console sign-in and the account switcher
- ``iam``: roles and the one policy-document parser
- ``identity_center``: IAM Identity Center (instances, identity stores, users, groups,
  memberships, permission sets, account assignments, delegated administration) and its client
- ``ec2``: Amazon VPC and EC2 (the VPC console issue builds it)

This side imports nothing from CodeCatalyst (``spaces``, ``identity``, ``billing``, ``vpc``,
``genai``, ``accounts.connections``); import-linter checks it. Where CodeCatalyst must react to
an event here, this side sends a signal (``identity_center.signals``) and CodeCatalyst listens.
"""
