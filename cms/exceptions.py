"""Errors raised by cms services. Messages are English (logs, API); the admin
shows the translated form through gettext."""


class CmsError(Exception):
    def __init__(self, message, *, extra=None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class UnknownLocale(CmsError):
    pass


class FixtureError(CmsError):
    """A fixture that cannot be loaded; ``extra['errors']`` lists every problem found."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(
            f"{len(self.errors)} problem(s) in the fixture; nothing was loaded:\n  "
            + "\n  ".join(self.errors),
            extra={"errors": self.errors},
        )


class VariantError(CmsError):
    pass
