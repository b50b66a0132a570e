"""The space's generative AI setting, Amazon Q work items, per-user usage and quotas.

No models yet: the generative AI issue builds them.
"""
