"""A minimal Hugging Face hub on 127.0.0.1, serving one model repository from a local folder.

It answers the calls huggingface_hub's snapshot_download makes: the repo's file list
(``/api/models/{repo}/revision/{rev}`` and ``/tree/{rev}``) and each file (``HEAD``/``GET /{repo}/resolve/{rev}/{file}``).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

COMMIT = "0123456789abcdef0123456789abcdef01234567"


class FakeHub:
    def __init__(self, repo_id: str, folder: Path) -> None:
        self.repo_id = repo_id
        self.files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        self.requests: list[str] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                self._serve(body=False)

            def do_GET(self) -> None:
                self._serve(body=True)

            def _serve(self, body: bool) -> None:
                path = self.path.split("?")[0]
                hub.requests.append(f"{self.command} {path}")
                if path.startswith(f"/api/models/{hub.repo_id}/revision/"):
                    siblings = [{"rfilename": name} for name in hub.files]
                    payload = json.dumps({"id": hub.repo_id, "sha": COMMIT, "siblings": siblings}).encode()
                    self._reply(payload, "application/json", body, {})
                    return
                if path.startswith(f"/api/models/{hub.repo_id}/tree/"):
                    entries = [
                        {
                            "type": "file",
                            "path": name,
                            "size": len(data),
                            "oid": hashlib.sha1(data).hexdigest(),
                        }
                        for name, data in hub.files.items()
                    ]
                    self._reply(json.dumps(entries).encode(), "application/json", body, {})
                    return
                prefix = f"/{hub.repo_id}/resolve/"
                if path.startswith(prefix):
                    name = path[len(prefix) :].split("/", 1)[1]
                    if name in hub.files:
                        data = hub.files[name]
                        etag = f'"{hashlib.sha1(data).hexdigest()}"'
                        self._reply(
                            data, "application/octet-stream", body, {"X-Repo-Commit": COMMIT, "ETag": etag}
                        )
                        return
                self.send_response(404)
                self.send_header("X-Error-Code", "EntryNotFound")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _reply(self, data: bytes, kind: str, body: bool, headers: dict[str, str]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if body:
                    self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class ThrottledFakeHub(FakeHub):
    """A FakeHub whose file bodies trickle out, ``chunk`` bytes every ``delay`` seconds, so that a
    download can be cancelled midway; it honours ``Range: bytes=N-`` with a 206. ``extra_files``
    adds files (name -> bytes) beside the folder's. Set ``delay`` to 0 to let the next download run fast."""

    def __init__(
        self,
        repo_id: str,
        folder: Path,
        extra_files: dict[str, bytes] | None = None,
        chunk: int = 256 * 1024,
        delay: float = 0.05,
    ) -> None:
        super().__init__(repo_id, folder)
        self.files.update(extra_files or {})
        self.chunk = chunk
        self.delay = delay
        self.broken_transfers = 0
        hub = self
        base: Any = self.server.RequestHandlerClass

        class SlowHandler(base):  # type: ignore[misc]
            def _reply(self, data: bytes, kind: str, body: bool, headers: dict[str, str]) -> None:
                if kind != "application/octet-stream":
                    super()._reply(data, kind, body, headers)
                    return
                start = 0
                wanted = self.headers.get("Range", "")
                if wanted.startswith("bytes=") and wanted[6:].split("-")[0].isdigit():
                    start = min(int(wanted[6:].split("-")[0]), len(data))
                self.send_response(206 if start else 200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data) - start))
                if start:
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if not body:
                    return
                try:
                    for offset in range(start, len(data), hub.chunk):
                        self.wfile.write(data[offset : offset + hub.chunk])
                        self.wfile.flush()
                        if hub.delay:
                            time.sleep(hub.delay)
                except (BrokenPipeError, ConnectionResetError):
                    hub.broken_transfers += 1  # the client went away: a cancelled download

        self.server.RequestHandlerClass = SlowHandler
