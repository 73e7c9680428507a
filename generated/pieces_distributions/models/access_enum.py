from enum import StrEnum


class AccessEnum(StrEnum):
    PRIVATE = "PRIVATE"
    PUBLIC = "PUBLIC"
    UNKNOWN = "UNKNOWN"

    def __str__(self) -> str:
        return str(self.value)
