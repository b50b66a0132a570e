"""The AWS Regions of the emulator and their Availability Zones: the console's Region selector and
every regional service (Amazon VPC) use them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    zones: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.name} {self.code}"


REGIONS: dict[str, Region] = {
    "us-west-2": Region("us-west-2", "US West (Oregon)", ("us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d")),
    "eu-west-1": Region("eu-west-1", "Europe (Ireland)", ("eu-west-1a", "eu-west-1b", "eu-west-1c")),
}
DEFAULT_REGION = "us-west-2"
