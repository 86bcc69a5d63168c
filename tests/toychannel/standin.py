"""The notice board on loopback: keeps notices in memory, finds one by idempotency key, checks the token."""

import itertools
import json

from channels.loopback import LoopbackServer, QuietHandler


class BoardHandler(QuietHandler):
    def _answer(self, status, body=None):
        self.send(status, json.dumps(body).encode() if body is not None else b"", "application/json")

    def _serve(self):
        board = self.stand_in
        body = self.read_body()
        key = self.headers.get("Idempotency-Key", "")
        if self.headers.get("Authorization") != f"Board {board.token}":
            return self._answer(401, {"error": "bad token"})
        path = self.path.split("?", 1)[0].rstrip("/")
        with board.lock:
            if self.command == "GET" and path == "":
                return self._answer(200, {"ok": True})
            if self.command == "GET" and path == "/notices":
                found = [nid for nid, notice in board.notices.items() if notice["key"] == key]
                return self._answer(200, {"id": found[0]}) if found else self._answer(404, {})
            if self.command == "POST" and path == "/notices":
                notice_id = str(next(board.ids))
                board.notices[notice_id] = {"key": key, "payload": json.loads(body), "live": True}
                return self._answer(201, {"id": notice_id, "url": f"{board.url}/notices/{notice_id}"})
            notice = board.notices.get(path.rsplit("/", 1)[-1])
            if notice is None:
                return self._answer(404, {})
            if self.command == "PUT":
                notice["payload"] = json.loads(body)
            elif self.command == "DELETE":
                notice["live"] = False
            return self._answer(200, {"id": path.rsplit("/", 1)[-1]})

    do_GET = do_POST = do_PUT = do_DELETE = _serve


class NoticeBoard(LoopbackServer):
    handler = BoardHandler

    def __init__(self, *, token="board-token", port=0):
        super().__init__(port=port)
        self.token = token
        self.notices = {}
        self.ids = itertools.count(1)

    def live(self):
        return [notice for notice in self.notices.values() if notice["live"]]


def main(argv=None):
    """``python -m tests.toychannel.standin --port N``: what `make run` starts (NoticeBoardChannel.demo_standin)."""
    import argparse

    parser = argparse.ArgumentParser(description="Notice board stand-in.")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--token", default="board-token")
    args = parser.parse_args(argv)
    server = NoticeBoard(token=args.token, port=args.port)
    print(f"notice board on {server.url}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
