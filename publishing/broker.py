"""kombu's filesystem transport, made safe for several processes sharing one folder.

The stock transport creates the message file and then writes into it, so a worker
polling the folder can pick up an empty or half-written file; the JSONDecodeError
that follows is not a connection error and stops the worker ("Unrecoverable
error"). Here a message is written under a temporary name in the same folder,
flushed to disk and renamed into place, so a reader only ever sees whole files.
A file that still cannot be read (a disk filled up, a hand-edited file) is moved
to ``corrupt/`` beside the queue folder with a log line, and the next message is
read; the outbox's dispatcher queues the delivery again, so nothing is lost.

The exchange tables in the control folder get the same treatment: rewritten under
a lock file and replaced in one rename, never truncated in place.

Used through ``CELERY_BROKER_TRANSPORT = "publishing.broker:Transport"`` with the
``filesystem://`` URL (cms/settings/base.py).
"""

import logging
import os
import uuid
from pathlib import Path
from queue import Empty
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

logger = logging.getLogger(__name__)
TEMP_SUFFIX = ".tmp"


def write_atomically(path, data):
    """Write ``data`` to ``path`` so that no reader ever sees part of it.

    The temporary name ends in ``.tmp``, which no queue's ``<queue>.msg`` suffix matches.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}{TEMP_SUFFIX}")
    try:
        with open(temporary, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _arrival_order(filename):
    """Oldest first: names start with a millisecond stamp, compared as a number. Compared as
    text, '1060188_…' and '987_…' would sort by digit count, so the order would depend on how
    long the machine has been up."""
    stamp, _, rest = filename.partition("_")
    return (int(stamp), rest) if stamp.isdigit() else (float("inf"), filename)


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        filename = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        path = os.path.join(self.data_folder_out, filename)
        try:
            write_atomically(path, str_to_bytes(dumps(payload)))
        except OSError as exc:
            raise ChannelError(f"Cannot add file {path!r} to directory") from exc

    def _get(self, queue):
        suffix = f"{queue}.msg"
        claimed_folder = self.claimed_folder
        for filename in sorted(os.listdir(self.data_folder_in), key=_arrival_order):
            if filename.startswith(".") or filename.partition(".")[2] != suffix:
                continue
            claimed = os.path.join(claimed_folder, filename)
            try:
                # One rename in the same file system: exactly one reader wins each file.
                os.rename(os.path.join(self.data_folder_in, filename), claimed)
            except OSError:
                continue  # another worker took it first
            try:
                with open(claimed, "rb") as file:
                    payload = loads(bytes_to_str(file.read()))
                if not isinstance(payload, dict):
                    raise ValueError(f"a message is a JSON object, not {type(payload).__name__}")
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                self._set_aside(claimed, filename, exc)
                continue
            if not self.store_processed:
                os.remove(claimed)
            return payload
        raise Empty()

    def _set_aside(self, claimed, filename, exc):
        corrupt = Path(self.corrupt_folder)
        corrupt.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(claimed, corrupt / filename)
        except OSError:
            logger.exception("broker: could not move unreadable message %s aside", claimed)
        logger.error("broker: unreadable message %s moved to %s (%s: %s); the dispatcher queues its work again",
                     filename, corrupt, type(exc).__name__, exc)

    @property
    def claimed_folder(self):
        """Where a message is moved while it is read: the processed folder, in the queue's file system."""
        folder = self.processed_folder
        os.makedirs(folder, exist_ok=True)
        return folder

    @property
    def corrupt_folder(self):
        return self.transport_options.get(
            "corrupt_folder", os.path.join(os.path.dirname(os.path.abspath(self.data_folder_in)), "corrupt"))

    # --- exchange tables (control folder) ---------------------------------------------

    def get_table(self, exchange):
        file = self._exchange_file(exchange)
        try:
            return [filesystem.exchange_queue_t(*q) for q in loads(bytes_to_str(file.read_bytes()))]
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise ChannelError(f"Cannot open {file}") from exc
        except (ValueError, TypeError) as exc:
            # Only written atomically here, so this is damage from outside: start the table afresh.
            logger.error("broker: unreadable exchange table %s (%s); treated as empty", file, exc)
            return []

    def _change_table(self, exchange, change):
        file = self._exchange_file(exchange)
        self.control_folder.mkdir(parents=True, exist_ok=True)
        try:
            with open(file.with_name(f".{file.name}.lock"), "ab") as lock:
                filesystem.lock(lock, filesystem.LOCK_EX)
                try:
                    queues = self.get_table(exchange)
                    changed = change(queues)
                    if changed is not None:
                        write_atomically(file, str_to_bytes(dumps(changed)))
                finally:
                    filesystem.unlock(lock)
        except OSError as exc:
            raise ChannelError(f"Cannot open {file}") from exc

    def _queue_bind(self, exchange, routing_key, pattern, queue):
        binding = filesystem.exchange_queue_t(routing_key or "", pattern or "", queue or "")
        self._change_table(exchange, lambda queues: None if binding in queues else [binding, *queues])

    def _delete(self, queue, exchange, routing_key, pattern, *args, **kwargs):
        # virtual.Channel._delete, skipping filesystem.Channel's in-place rewrite of the table.
        super(filesystem.Channel, self)._delete(queue, exchange, routing_key, pattern, *args, **kwargs)
        binding = filesystem.exchange_queue_t(routing_key or "", pattern or "", queue or "")
        self._change_table(exchange, lambda queues: [q for q in queues if q != binding] if binding in queues else None)


class Transport(filesystem.Transport):
    Channel = Channel

