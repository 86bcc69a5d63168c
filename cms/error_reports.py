"""Django's error reports (the DEBUG page, mails to ADMINS, any reporter) with secrets blanked.

Django hides settings whose names look secret and the POST fields a view names with
``sensitive_post_parameters``; this also blanks any POST field, and any key of a JSON body
field, whose name says it holds a secret, for views that forgot to name theirs.
"""

import json
import re

from django.views.debug import SafeExceptionReporterFilter

SECRET_NAMES = re.compile(r"secret|token|password|passwd|api_?key|access_?key|signature|credential|otp",
                          re.IGNORECASE)


def _scrub_json(text, cleansed):
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return text
    return json.dumps(_scrub(value, cleansed), ensure_ascii=False)


def _scrub(value, cleansed):
    if isinstance(value, dict):
        return {key: cleansed if SECRET_NAMES.search(str(key)) else _scrub(item, cleansed)
                for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, cleansed) for item in value]
    return value


class SecretScrubbingFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(SafeExceptionReporterFilter.hidden_settings.pattern + "|CHANNEL_SECRET|DATABASE_URL",
                                 flags=re.IGNORECASE)

    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        if request is None or not parameters:
            return parameters
        parameters = parameters.copy()
        for name in list(parameters):
            if SECRET_NAMES.search(name):
                parameters[name] = self.cleansed_substitute
            else:
                parameters.setlist(name, [_scrub_json(item, self.cleansed_substitute)
                                          for item in parameters.getlist(name)])
        return parameters
