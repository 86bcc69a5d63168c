"""A toy channel that lives only here: the worked example of docs/channels.md.

It posts a short "notice" (title plus a greeting) to a notice board over HTTP. Adding
it touched nothing outside this folder: tests/channels/test_toy_channel.py puts it
in INSTALLED_APPS and shows it in the destination form, the editor's channel box,
the renditions, the reports and the outbox.
"""
