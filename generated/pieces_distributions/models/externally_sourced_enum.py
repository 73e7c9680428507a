from enum import StrEnum


class ExternallySourcedEnum(StrEnum):
    BIT_BUCKET = "BIT_BUCKET"
    DISCORD = "DISCORD"
    FACEBOOK = "FACEBOOK"
    GIT_HUB = "GIT_HUB"
    GIT_LAB = "GIT_LAB"
    INSTAGRAM = "INSTAGRAM"
    LINKED_IN = "LINKED_IN"
    MAILGUN = "MAILGUN"
    MEDIUM = "MEDIUM"
    REDDIT = "REDDIT"
    SLACK = "SLACK"
    TWITTER = "TWITTER"
    UNKNOWN = "UNKNOWN"

    def __str__(self) -> str:
        return str(self.value)
