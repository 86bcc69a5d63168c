from django.core.exceptions import PermissionDenied


class ActionError(ValueError):
    """The action cannot be done to the object in its present state (a sent delivery cannot be cancelled)."""


class Action:
    """``check()`` says whether ``user`` may; ``execute()`` checks, then does it."""

    def __init__(self, obj, *, user=None):
        self.obj = obj
        self.user = user

    def allowed(self) -> bool:
        raise NotImplementedError

    def check(self):
        if self.user is not None and not self.user.is_superuser and not self.allowed():
            raise PermissionDenied(f"{type(self).__name__} is not allowed for user {self.user.pk}")

    def can(self) -> bool:
        try:
            self.check()
        except PermissionDenied:
            return False
        return True

    def execute(self, *, skip_permission_checks=False, **kwargs):
        if not skip_permission_checks:
            self.check()
        return self._execute(**kwargs)

    def _execute(self, **kwargs):
        raise NotImplementedError
