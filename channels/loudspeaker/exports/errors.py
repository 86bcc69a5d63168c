class ExportUnavailable(Exception):
    """This format cannot be made on this server (a program is missing, or there is no voice for the
    language); the message says why and what to install. Other formats still work."""


class ExportFailed(Exception):
    """The program that makes this format failed this time (it hung or crashed): worth trying again,
    unlike ExportUnavailable."""
