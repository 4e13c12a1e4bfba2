"""A throwaway PostgreSQL server for the tests and for CI: Debian's postgresql binaries, `initdb` into a
temporary folder, listening on a Unix socket only, stopped (and the folder removed) at the end.

`initdb` refuses to run as root, so as root the server belongs to the `postgres` user, in a folder made
with mkdtemp and handed over to it (pytest's tmp_path is not readable by another user).

As a script (CI uses it for the acceptance check):
    python tests/postgres_server.py start FOLDER   # prints the URL of the server's `postgres` database
    python tests/postgres_server.py stop FOLDER
"""
from __future__ import annotations

import contextlib
import glob
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

try:  # imported once, here: a test may hide psycopg from the ledger while this module's thread still needs it
    import psycopg
except ImportError:  # the tests that need the server then skip (or fail under CI), saying so
    psycopg = None

SUPERUSER = "postgres"
# A role that must give a password, for the tests of credentials (a wrong one, one never printed).
PASSWORD_USER, PASSWORD = "ledger_pw", "s3cret-Passw0rd"
READY_DATABASES = 2
PORT = 5432  # the socket's name carries the port; each server has its own folder, so they never meet


def find_bin_dir() -> Path | None:
    """The folder of initdb and pg_ctl: PG_BIN, else PATH, else Debian's newest /usr/lib/postgresql/N/bin."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = shutil.which("initdb") or shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


class PostgresServer:
    def __init__(self, folder: Path, bin_dir: Path):
        self.folder = folder
        self.bin_dir = bin_dir
        self.data = folder / "data"
        self.socket_dir = folder / "socket"
        self._created = 0
        self._lock = threading.Lock()
        self._ready: queue.Queue[str | BaseException] | None = None
        self._stopping = threading.Event()

    # -- running as the server's owner ---------------------------------------------------------------

    def _as_owner(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb and postgres refuse root: run them as the postgres user
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd="/")

    def _give_to_owner(self, path: Path) -> None:
        if os.geteuid() == 0:
            shutil.chown(path, SUPERUSER, SUPERUSER)

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o755)
        self._give_to_owner(self.folder)
        for sub in (self.socket_dir,):
            sub.mkdir(exist_ok=True)
            os.chmod(sub, 0o777)
            self._give_to_owner(sub)
        done = self._as_owner("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                              "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr or done.stdout}")
        # Only the password role must give its password; everyone else on the socket is trusted.
        hba = self.data / "pg_hba.conf"
        hba_text = f"local all {PASSWORD_USER} scram-sha-256\nlocal all all trust\n"
        self._write_as_owner(hba, hba_text)
        settings = (f"listen_addresses = ''\nunix_socket_directories = '{self.socket_dir}'\nport = {PORT}\n"
                    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 60\n"
                    "shared_buffers = 64MB\n")
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(settings)
        done = self._as_owner("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w",
                              "-t", "60", "start")
        if done.returncode:
            log = (self.folder / "server.log").read_text(errors="replace") if (self.folder / "server.log").exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr or done.stdout}\n{log}")
        self.execute(f"CREATE ROLE {PASSWORD_USER} LOGIN SUPERUSER PASSWORD '{PASSWORD}'")

    def _write_as_owner(self, path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        self._give_to_owner(path)

    def stop(self) -> None:
        self._stopping.set()
        if (self.data / "postmaster.pid").exists():
            self._as_owner("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- databases -----------------------------------------------------------------------------------

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@/{database}?host={self.socket_dir}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, prefix: str = "ledger") -> str:
        """A fresh, empty database (CREATE DATABASE … TEMPLATE template0); returns its name."""
        with self._lock:
            self._created += 1
            name = f"{prefix}_{os.getpid()}_{self._created}"
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
        return name

    def new_database(self) -> str:
        """The URL of an empty database of its own for one test; hand it back with `release`.

        A CREATE DATABASE takes 0.1-0.9 s on this machine, so a database handed back is emptied (every object
        of its schema dropped, 0.05-0.1 s) and handed out again, and a thread keeps a few ready."""
        if self._ready is None:
            self._ready = queue.Queue()
            self._returned: queue.Queue[str] = queue.Queue()
            threading.Thread(target=self._keep_ready, daemon=True).start()
        found = self._ready.get(timeout=300)
        if isinstance(found, BaseException):
            raise found
        return self.url(found)

    def release(self, url: str) -> None:
        """A test is done with its database: empty it and hand it out again."""
        self._returned.put(url.split("@/", 1)[1].split("?", 1)[0])

    def _keep_ready(self) -> None:
        """Empty what comes back; while fewer than READY_DATABASES wait to be handed out, make a new one."""
        assert self._ready is not None
        while not self._stopping.is_set():
            try:
                name = self._returned.get(timeout=0.05)
            except queue.Empty:
                if self._ready.qsize() >= READY_DATABASES:
                    continue
                name = ""
            try:
                made: str | BaseException = self._empty(name) if name else self.create_database()
            except BaseException as exc:  # handed to the test that waits, rather than lost in the thread
                made = exc
            self._ready.put(made)

    def _empty(self, name: str) -> str:
        self.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     f" WHERE datname = '{name}' AND pid <> pg_backend_pid()")
        with psycopg.connect(self.url(name), autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def running_server() -> Iterator[PostgresServer]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL's initdb was not found (install Debian's postgresql package)")
    server = PostgresServer(Path(tempfile.mkdtemp(prefix="ledger-pg-")), bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def main(argv: list[str]) -> int:
    action, folder = argv[1], Path(argv[2])
    bin_dir = find_bin_dir()
    if bin_dir is None:
        print("PostgreSQL's initdb was not found", file=sys.stderr)
        return 1
    server = PostgresServer(folder, bin_dir)
    if action == "start":
        server.start()
        print(server.url())
    else:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
