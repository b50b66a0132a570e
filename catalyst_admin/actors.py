"""The system actor: the emulator itself acting, for the demo world and the tests' set-up.

Services that act for someone take a required actor; a caller that acts for nobody in particular
(``seed_demo`` building the demo directory, a test arranging its world) says so by passing
:data:`SYSTEM`, never by leaving the actor out.
"""


class SystemActor:
    """Passes every authorization check; shows as "CodeCatalyst" where an actor is named."""

    account_id = ""
    display_name = "CodeCatalyst"
    pk = None

    def __repr__(self):
        return "SYSTEM"


SYSTEM = SystemActor()
