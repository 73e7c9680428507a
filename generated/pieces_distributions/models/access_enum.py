from enum import StrEnum
from typing import ClassVar, Self


class AccessEnum(StrEnum):
    PRIVATE = "PRIVATE"
    PUBLIC = "PUBLIC"
    UNKNOWN = "UNKNOWN"

    # Each declared member by its value, for from_dict (model.py.jinja): one dict lookup.
    _by_value: ClassVar[dict[str, "AccessEnum"]]

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        # Called by AccessEnum(value) only when value is not a declared one; a string is
        # kept as a new, undeclared instance (not cached: equal to any other with the same
        # string, but not the same object), anything else still raises ValueError.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    @property
    def is_declared(self) -> bool:
        """False for a value the API spec does not list, kept as the server sent it."""
        return type(self)._value2member_map_.get(self._value_) is self


AccessEnum._by_value = {member.value: member for member in AccessEnum}
