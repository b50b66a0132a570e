"""The generative AI cast of the pages' tests (tests/genai/conftest.py) for the API's: a Reviewer of
``project``, a space in Europe (Ireland) and a request in progress in ``other_space``."""

from tests.genai.conftest import free_without_assign_issues, ireland, other_request, reviewer  # noqa: F401
