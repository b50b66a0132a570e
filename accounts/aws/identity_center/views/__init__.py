"""The emulated IAM Identity Center in the AWS console, for the Identity federation administrator,
by topic. Every page is for a console session signed in with an account of the organization; reads
come from the selectors (scoped to that organization, so another organization's objects are a
404) and writes go through the services, which hold the rules. The management account and the
delegated administrator may change things; any other member account sees the pages read-only."""
