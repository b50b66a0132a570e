"""Settings of ``bench/pages.py``: the test suite's (production settings over plain HTTP), with a
hello-world view beside the console's URLs, so that the load run compares a page with the least a
request costs in the same server."""

from catalyst_admin.test_settings import *  # noqa: F403

ROOT_URLCONF = "pages_urls"
WHITENOISE_AUTOREFRESH = False
