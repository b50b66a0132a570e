"""Pages of the CodeCatalyst console for spaces, projects, members, teams and activity, by topic.

Views are thin: load what the person may see through a selector, call one service, redirect
with a banner. Refusals of the services come back as form errors or an error banner. What every
space page shares is in ``spaces.pages``.
"""
