"""The real `ledger serve` as a process on 127.0.0.1 and a free port, and a small HTTP client that keeps cookies
and reads the forms' CSRF tokens: the web tests talk to the server as a browser would, over a socket."""
from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

PASSWORDS = {"bgs": "bgs-password-1", "fgk": "fgk-password-1", "office": "office-password-1",
             "leader": "leader-password-1"}
ACCOUNTS = (("bgs", "办公室", "unit"), ("fgk", "法规科", "unit"), ("office", "办公室", "office"),
            ("leader", None, "leader"))


def ledger(db: Path, *args: str, input: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledger", "--db", str(db), *args], input=input, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, env=env or os.environ.copy())


def make_ledger(db: Path, plan: Path, accounts=ACCOUNTS) -> None:
    """A ledger of `plan` with the test accounts."""
    assert ledger(db, "import", str(plan)).returncode == 0
    for name, unit, role in accounts:
        result = ledger(db, "user", "add", name, *(["--unit", unit] if unit else []), "--role", role,
                        "--password-stdin", input=PASSWORDS[name] + "\n")
        assert result.returncode == 0, result.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`ledger serve` as a process; stopped by its process id."""

    def __init__(self, db: Path, today: str | None = "2022-11-01", extra: tuple[str, ...] = (),
                 env: dict | None = None, scheme: str = "http", host: str = "127.0.0.1"):
        self.db = db
        self.port = free_port()
        self.scheme = scheme
        args = [sys.executable, "-m", "ledger", "--db", str(db), *(["--today", today] if today else []),
                "serve", "--host", host, "--port", str(self.port), *extra]
        import tempfile

        folder = db.parent if isinstance(db, Path) else Path(tempfile.mkdtemp(prefix="ledger-serve-"))
        self.log = folder / f"serve-{self.port}.log"
        self.process = subprocess.Popen(args, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
                                        env={**(env or os.environ), "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ledger serve ended: {self.log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("ledger serve did not start listening")

    @property
    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode

    def client(self, language: str = "zh-CN,zh;q=0.9", address: str = "127.0.0.1") -> Client:
        """A browser; `address` is the server's address it connects to (the LAN's: the server sees it come
        from this machine's LAN address, not from loopback)."""
        return Client(self.port, language, self.scheme, address)


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def csrf(self) -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.text)
        assert found, self.text[:500]
        return unescape(found.group(1))


class Client:
    """Cookies kept like a browser's (the session cookie only, which is all the server sets)."""

    def __init__(self, port: int, language: str, scheme: str = "http", address: str = "127.0.0.1"):
        self.port = port
        self.address = address
        self.language = language
        self.scheme = scheme
        self.cookies: dict[str, str] = {}
        self.token: str | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                host: str | None = None) -> Response:
        if self.scheme == "https":
            import ssl

            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(self.address, self.port, timeout=60,
                                                                                 context=context)
        else:
            connection = http.client.HTTPConnection(self.address, self.port, timeout=60)
        sent = {"Accept-Language": self.language, **(headers or {})}
        if host:
            sent["Host"] = host
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.getheaders(), answer.read())
        finally:
            connection.close()
        for cookie in response.all("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "Expires=Thu, 01 Jan 1970" in cookie or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def get(self, path: str, **kwargs) -> Response:
        response = self.request("GET", path, **kwargs)
        if 'name="csrf_token"' in response.text:
            self.token = response.csrf()
        return response

    def post(self, path: str, fields: dict | None = None, files: list[tuple[str, bytes]] | None = None,
             csrf: bool = True, **kwargs) -> Response:
        fields = dict(fields or {})
        if csrf and "csrf_token" not in fields:
            if self.token is None:
                self.get("/login")
            fields["csrf_token"] = self.token
        if files is None:
            body = urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        else:
            body, content_type = multipart(fields, files)
        return self.request("POST", path, body=body, headers={"Content-Type": content_type,
                                                               **kwargs.pop("headers", {})}, **kwargs)

    def login(self, name: str, password: str | None = None) -> Response:
        self.get("/login")
        response = self.post("/login", {"username": name, "password": password or PASSWORDS[name]})
        assert response.status == 302, response.text[:800]
        self.get("/")
        return response


def multipart(fields: dict, files: list[tuple[str, bytes]], field: str = "evidence") -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for filename, content in files:
        quoted = filename.replace('"', "%22")
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{quoted}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
