"""One action object per thing a person does to the outbox: it decides who may, then does it.

Like Wagtail's own actions (wagtail/actions/*): ``Action(obj, user=...)``, ``check()``
raises PermissionDenied, ``execute()`` checks then calls the service. Admin views,
commands and tests all go through these, so the rule lives in one place. A user of
None is the system itself (a command run by an operator): always allowed.
"""

from publishing.actions.base import ActionError  # noqa: F401
from publishing.actions.deliveries import CancelDelivery, RetryDelivery  # noqa: F401
from publishing.actions.destinations import (  # noqa: F401
    ReauthoriseDestination,
    ResumeDestination,
    CheckDestinationConnection,
)
