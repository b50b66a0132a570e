"""What generative AI does when another room tells it something."""

from genai.services import genai_space_forget


def space_deleting(sender, *, space, **kwargs) -> None:
    """A deleted space keeps no generative AI setting and no Amazon Q request."""
    genai_space_forget(space=space)
