"""Limits of the HTTP server (issue 10 items 6 and 12): Host allow-list against DNS rebinding, a
header-read timeout against slow request heads, and a long POST that must not block other writes.

The timeout and allow-list are tested on a real ``wirewatch serve`` process on 127.0.0.1 with raw
sockets; the long POST on a real uvicorn server in this process (so the NLP can be a stub that
holds the long document until the test lets it go)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from conftest import load_feedserver
from wirewatch import api
from wirewatch.store import Store

ROOT = Path(__file__).parent.parent
fs = load_feedserver()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "limits.db"
    Store(str(path)).close()
    return path


# -- Host allow-list ----------------------------------------------------------------------------------
def test_allowed_host_list_normalises_names():
    assert api.allowed_host_list(["Example.ORG:8000, ::1", "[::1]:9000 127.0.0.1", "*.example.net"]) == \
        ["example.org", "[::1]", "127.0.0.1", "*.example.net"]
    assert api.allowed_host_list(["*"]) == ["*"]
    assert api.allowed_host_list([""]) == []
    with pytest.raises(ValueError, match="wildcard"):
        api.allowed_host_list(["www.*.org"])


@pytest.mark.parametrize("bind,hosts", [
    ("127.0.0.1", ["localhost", "127.0.0.1", "[::1]"]), ("localhost", ["localhost", "127.0.0.1", "[::1]"]),
    ("::1", ["localhost", "127.0.0.1", "[::1]"]), ("127.0.0.2", ["localhost", "127.0.0.1", "[::1]"]),
    ("0.0.0.0", None), ("::", None), ("192.168.1.20", ["192.168.1.20"]), ("fd00::5", ["[fd00::5]"]),
    ("news.internal", ["news.internal"]),
])
def test_default_allowed_hosts_follow_the_bind_address(bind, hosts):
    assert api.default_allowed_hosts(bind) == hosts


def test_bad_host_header_is_400_on_every_path(db_path):
    c = TestClient(api.create_app(str(db_path), prepare=True, warm=False, allowed_hosts=list(api.LOCAL_HOSTS)))
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST"):
        assert c.get("/api/health", headers={"Host": host}).status_code == 200, host
    for path in ("/api/health", "/api/events", "/api/events?limit=5", "/"):   # the fast path too
        r = c.get(path, headers={"Host": "rebound.example"})
        assert r.status_code == 400 and r.text == "Invalid host header", path
        assert r.headers["x-content-type-options"] == "nosniff"               # still inside SecurityHeaders
    r = c.post("/api/ingest", json={"text": "x"}, headers={"Host": "rebound.example:8000"})
    assert r.status_code == 400


def test_no_allow_list_means_any_host(db_path):
    c = TestClient(api.create_app(str(db_path), warm=False))
    assert c.get("/api/health", headers={"Host": "anything.example"}).status_code == 200


def _serve_args(monkeypatch, db_path, *args, env=None):
    """Run the serve command up to uvicorn.run, which is replaced by a recorder."""
    import uvicorn
    from wirewatch.commands.serve import command
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    for key in ("WIREWATCH_ALLOWED_HOSTS", "WIREWATCH_HEADER_TIMEOUT"):
        monkeypatch.delenv(key, raising=False)
    for key in ("WIREWATCH_SERVE_ALLOWED_HOSTS", "WIREWATCH_SERVE_DB", "WIREWATCH_SERVE_ALLOW_PRIVATE"):
        monkeypatch.setenv(key, "")  # the command sets them; restored after the test
    result = CliRunner().invoke(command, ["--db", str(db_path), *args], env=env)
    return result, calls


def test_serve_on_all_interfaces_needs_named_hosts(monkeypatch, db_path):
    result, calls = _serve_args(monkeypatch, db_path, "--host", "0.0.0.0")
    assert result.exit_code == 2 and not calls
    assert "--allowed-host" in result.output and "every interface" in result.output
    result, calls = _serve_args(monkeypatch, db_path, "--host", "0.0.0.0", "--allowed-host", "news.example.org",
                                "--allowed-host", "10.0.0.5:8000")
    assert result.exit_code == 0, result.output
    assert os.environ["WIREWATCH_SERVE_ALLOWED_HOSTS"] == "news.example.org,10.0.0.5"
    result, calls = _serve_args(monkeypatch, db_path, "--host", "0.0.0.0", env={"WIREWATCH_ALLOWED_HOSTS": "*"})
    assert result.exit_code == 0 and os.environ["WIREWATCH_SERVE_ALLOWED_HOSTS"] == "*"


def test_serve_defaults_to_loopback_names_and_the_timeout_protocol(monkeypatch, db_path):
    from wirewatch.httpserver import Protocol
    result, calls = _serve_args(monkeypatch, db_path)
    assert result.exit_code == 0, result.output
    assert os.environ["WIREWATCH_SERVE_ALLOWED_HOSTS"] == "localhost,127.0.0.1,[::1]"
    assert os.environ["WIREWATCH_HEADER_TIMEOUT"] == "10.0" and calls[0]["http"] is Protocol
    app = api.app_from_env()   # what each worker builds from that environment
    c = TestClient(app)
    assert c.get("/api/health", headers={"Host": "evil.example"}).status_code == 400
    assert c.get("/api/health", headers={"Host": "localhost:8000"}).status_code == 200
    result, _ = _serve_args(monkeypatch, db_path, "--header-timeout", "1500ms")
    assert os.environ["WIREWATCH_HEADER_TIMEOUT"] == "1.5"


# -- a real `wirewatch serve`: header-read timeout and Host over the wire --------------------------------
def _serve(db_path, token: str = ""):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WIREWATCH_TOKEN": token}
    for key in ("WIREWATCH_ALLOWED_HOSTS", "WIREWATCH_HEADER_TIMEOUT", "WIREWATCH_BODY_TIMEOUT"):
        env.pop(key, None)
    cmd = [sys.executable, "-c", "from wirewatch.commands.serve import command; command()",
           "--db", str(db_path), "--port", str(port), "--header-timeout", "1s", "--body-timeout", "1s"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90   # generous: imports on a loaded machine
    while True:
        try:
            if httpx.get(base + "/api/health", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("wirewatch serve did not start: " + proc.stderr.read().decode(errors="replace")[-2000:])
        time.sleep(0.2)
    return port, proc


def _stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def served(db_path):
    port, proc = _serve(db_path)
    yield port
    _stop(proc)


@pytest.fixture
def served_with_token(db_path):
    port, proc = _serve(db_path, token="s3cret")
    yield port, db_path
    _stop(proc)


def _read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes; socket.timeout if it keeps the connection open."""
    data = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return data
        data += chunk


@pytest.mark.parametrize("partial", [b"", b"GET /api/hea", b"GET /api/health HTTP/1.1\r\nHost: local"])
def test_slow_request_head_is_closed_while_others_are_served(served, partial):
    with socket.create_connection(("127.0.0.1", served)) as slow:
        slow.sendall(partial)                     # ... and then nothing more
        # the server keeps answering normal clients meanwhile
        assert httpx.get(f"http://127.0.0.1:{served}/api/health", timeout=10).json()["ok"] is True
        slow.settimeout(30)                       # an upper bound for a hang, far above the 1 s limit
        answer = _read_until_closed(slow)         # before the fix: socket.timeout (held open for ever)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert answer.endswith(b"request headers not received in time\r\n")


def test_keep_alive_connection_gets_the_head_timeout_for_its_next_request(served):
    with socket.create_connection(("127.0.0.1", served)) as conn:
        conn.settimeout(30)
        conn.sendall(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        first = b""
        while b'"ok":true' not in first:
            first += conn.recv(4096)
        assert first.startswith(b"HTTP/1.1 200 ")
        conn.sendall(b"GET /api/health HTTP/1.1\r\nHo")   # the next request stalls in its headers
        assert _read_until_closed(conn).startswith(b"HTTP/1.1 408 ")


def test_real_server_refuses_a_rebound_host(served):
    with socket.create_connection(("127.0.0.1", served)) as conn:
        conn.settimeout(30)
        conn.sendall(b"GET /api/health HTTP/1.1\r\nHost: rebound.example\r\nConnection: close\r\n\r\n")
        answer = _read_until_closed(conn)
    assert answer.startswith(b"HTTP/1.1 400 ") and answer.endswith(b"Invalid host header")
    ok = httpx.get(f"http://localhost:{served}/api/health", timeout=10)
    assert ok.status_code == 200


# -- a long POST does not block the other writes -------------------------------------------------------
def _uvicorn_in_thread(app, **config):
    """A real uvicorn server for ``app`` on a free 127.0.0.1 port, started in a daemon thread; the
    caller stops it with ``srv.should_exit = True`` and ``thread.join``."""
    import uvicorn
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **config))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    return srv, thread, port


def test_long_post_does_not_block_other_writes(db_path, monkeypatch):
    monkeypatch.setenv("WIREWATCH_TOKEN", "s3cret")
    started, release = threading.Event(), threading.Event()

    def hold_the_long_one(_calls, row):
        if "LONGDOC" in row["text"]:
            started.set()
            release.wait(timeout=20)   # the fix: the short POSTs finish while this one is held

    app = api.create_app(str(db_path), warm=False)
    app.state.ingestor._pipeline = fs.StubPipeline(before_each=hold_the_long_one)
    srv, thread, port = _uvicorn_in_thread(app)
    url, auth = f"http://127.0.0.1:{port}/api/ingest", {"Authorization": "Bearer s3cret"}
    finished, lock = [], threading.Lock()

    def post(name: str, text: str) -> None:
        r = httpx.post(url, json={"text": text, "id": name}, headers=auth, timeout=120)
        with lock:
            finished.append((name, r.status_code, r.json().get("added")))

    long_text = "LONGDOC " + " ".join(fs.article_text(n) for n in range(200))
    try:
        long_post = threading.Thread(target=post, args=("long", long_text))
        long_post.start()
        assert started.wait(timeout=60), "the long document never reached the extraction"
        for n in range(3):                      # other writers while the long one is being analysed
            post(f"short-{n}", fs.article_text(1000 + n))
        release.set()
        long_post.join(timeout=120)
    finally:
        release.set()
        srv.should_exit = True
        thread.join(timeout=30)
    assert [name for name, *_ in finished] == ["short-0", "short-1", "short-2", "long"]
    assert all(status == 200 and added == [name] for name, status, added in finished)
    with Store(str(db_path)) as store:
        assert store.counts()["articles"] == 4


@pytest.mark.parametrize("protocol", ["HttpToolsProtocol", "H11Protocol"])
def test_both_protocols_time_out_a_slow_head(db_path, monkeypatch, protocol):
    """uvicorn falls back to h11 where httptools is missing: the h11 variant keeps the limit too."""
    from wirewatch import httpserver
    cls = getattr(httpserver, protocol)
    if cls is None:
        pytest.skip("httptools is not installed")
    monkeypatch.setenv(httpserver.HEADER_TIMEOUT_ENV, "1")
    srv, thread, port = _uvicorn_in_thread(api.create_app(str(db_path), warm=False), http=cls)
    try:
        with socket.create_connection(("127.0.0.1", port)) as slow, \
                socket.create_connection(("127.0.0.1", port)) as ok:
            slow.sendall(b"GET /api/health HTTP/1.1\r\nHo")
            ok.settimeout(30)
            ok.sendall(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            assert _read_until_closed(ok).startswith(b"HTTP/1.1 200 ")
            slow.settimeout(30)
            assert _read_until_closed(slow).startswith(b"HTTP/1.1 408 ")
    finally:
        srv.should_exit = True
        thread.join(timeout=30)


def test_slow_ingest_body_gets_408(served_with_token):
    """The head arrives in time, the body is trickled: cut off after --body-timeout, nothing stored."""
    port, db = served_with_token
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(b"POST /api/ingest HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer s3cret\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\": \"Troops")
        conn.settimeout(30)                      # before the fix: socket.timeout (held open for ever)
        answer = _read_until_closed(conn)
    assert answer.startswith(b"HTTP/1.1 408 ") and b"request body not received within 1 s" in answer
    assert httpx.get(f"http://localhost:{port}/api/health", timeout=10).json()["articles"] == 0
