"""wirewatch.fetch: safe GET against a local server on 127.0.0.1 (allow_private=True to reach it)."""
from __future__ import annotations

import gzip
import importlib.util
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
from pathlib import Path

import pytest

from wirewatch import fetch as fetch_mod
from wirewatch.fetch import FetchError, address_problem, fetch, format_size, too_large

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
_spec = importlib.util.spec_from_file_location("localserver", FIXTURES / "localserver.py")
localserver = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(localserver)

PAGE = b"<html><body><p>Hello from the local server.</p></body></html>"


def _conditional(handler) -> None:
    if handler.headers.get("If-None-Match") == '"v1"':
        handler.send_response(304)
        handler.send_header("ETag", '"v1"')
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    else:
        handler.reply(200, {"ETag": '"v1"', "Content-Type": "text/plain"}, b"fresh body")


def _no_length(handler) -> None:
    """Body without Content-Length: the cap must stop the read, not the header check."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.close_connection = True
    try:
        for _ in range(50):
            handler.wfile.write(b"x" * 1000)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client hung up at its byte cap, as it should


def _stall(handler) -> None:
    """Headers, then silence: the read timeout must end the wait."""
    handler.send_response(200)
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    handler.wfile.flush()
    handler.server.stop_stalling.wait(5)


def _gzip_bomb(handler) -> None:
    body = gzip.compress(b"a" * 200_000)
    handler.reply(200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"}, body)


@pytest.fixture(scope="module")
def server():
    routes = {
        "/page": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE),
        "/redirect": (302, {"Location": "/page"}, b""),
        "/redirect-abs": None,  # filled below once the port is known
        "/loop": (302, {"Location": "/loop"}, b""),
        "/big": (200, {"Content-Type": "text/plain"}, b"y" * 6_200),
        "/no-length": _no_length,
        "/gzip": _gzip_bomb,
        "/cond": _conditional,
        "/gone": (410, {"Content-Type": "text/plain"}, b"gone"),
        "/no-location": (302, {}, b""),
        "/stall": _stall,
    }
    with localserver.LocalServer(routes) as srv:
        srv.httpd.stop_stalling = threading.Event()
        routes["/redirect-abs"] = (301, {"Location": srv.url("/page")}, b"")
        routes["/to-other-loopback"] = (302, {"Location": f"http://127.0.0.2:{srv.port}/page"}, b"")
        yield srv
        srv.httpd.stop_stalling.set()


def test_fetch_ok_reports_status_type_charset_and_user_agent(server):
    result = fetch(server.url("/page"), allow_private=True)
    assert result.status == 200
    assert result.content == PAGE
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert result.final_url == result.url == server.url("/page")
    path, headers = server.seen[-1]
    assert path == "/page"
    assert headers["User-Agent"].startswith("wirewatch/")
    assert headers["Host"] == f"127.0.0.1:{server.port}"


def test_loopback_refused_without_allow_private(server):
    with pytest.raises(FetchError) as err:
        fetch(server.url("/page"))
    assert str(err.value) == "refused: resolves to loopback address 127.0.0.1 (use --allow-private)"


def test_localhost_name_refused_too(server):
    with pytest.raises(FetchError, match=r"^refused: resolves to loopback address"):
        fetch(f"http://localhost:{server.port}/page")


def test_redirects_followed(server):
    for path in ("/redirect", "/redirect-abs"):
        result = fetch(server.url(path), allow_private=True)
        assert result.content == PAGE
        assert result.final_url == server.url("/page")
        assert result.url == server.url(path)


def test_redirect_to_loopback_refused(server, monkeypatch):
    """Pretend 127.0.0.1 is a public host: the redirect to 127.0.0.2 must still be re-checked."""
    real = fetch_mod.address_problem
    monkeypatch.setattr(fetch_mod, "address_problem",
                        lambda ip: None if str(ip) == "127.0.0.1" else real(ip))
    assert fetch(server.url("/page")).status == 200  # the first hop alone passes
    with pytest.raises(FetchError) as err:
        fetch(server.url("/to-other-loopback"))
    assert str(err.value) == "refused: resolves to loopback address 127.0.0.2 (use --allow-private)"


def test_too_many_redirects(server):
    with pytest.raises(FetchError, match=r"^too many redirects \(more than 5\)$"):
        fetch(server.url("/loop"), allow_private=True)
    assert sum(1 for p, _ in server.seen if p == "/loop") >= 6


def test_redirect_without_location(server):
    with pytest.raises(FetchError, match="redirect without a Location"):
        fetch(server.url("/no-location"), allow_private=True)


def test_unreachable_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with pytest.raises(FetchError) as err:
        fetch(f"http://127.0.0.1:{port}/", allow_private=True, timeout=5)
    assert str(err.value) == "unreachable: connection refused"


@pytest.mark.parametrize("url,reason", [
    ("ftp://example.org/file.txt", "unsupported URL scheme 'ftp'"),
    ("file:///etc/passwd", "unsupported URL scheme 'file'"),
    ("gopher://example.org/", "unsupported URL scheme 'gopher'"),
    ("http:///nohost", "not a URL (no host): 'http:///nohost'"),
])
def test_non_http_schemes_refused(url, reason):
    with pytest.raises(FetchError) as err:
        fetch(url, allow_private=True)
    assert str(err.value) == reason


def test_too_large_by_content_length(server):
    with pytest.raises(FetchError) as err:
        fetch(server.url("/big"), allow_private=True, max_bytes=5_000)
    assert str(err.value) == "too large: 0.0062 MB > 0.005 MB limit"


def test_too_large_without_content_length(server):
    with pytest.raises(FetchError) as err:
        fetch(server.url("/no-length"), allow_private=True, max_bytes=10_000)
    assert str(err.value) == "too large: more than the 0.01 MB limit"


def test_decompressed_size_is_capped(server):
    """A small gzip body that inflates past the cap is refused (gzip bomb)."""
    with pytest.raises(FetchError, match="^too large"):
        fetch(server.url("/gzip"), allow_private=True, max_bytes=100_000)
    assert fetch(server.url("/gzip"), allow_private=True, max_bytes=300_000).content == b"a" * 200_000


def test_http_error_status(server):
    with pytest.raises(FetchError) as err:
        fetch(server.url("/gone"), allow_private=True)
    assert str(err.value) == "HTTP 410 Gone"
    with pytest.raises(FetchError, match=r"^HTTP 404 Not Found$"):
        fetch(server.url("/missing"), allow_private=True)


def test_conditional_get_returns_304(server):
    first = fetch(server.url("/cond"), allow_private=True)
    assert first.status == 200 and first.headers["etag"] == '"v1"'
    again = fetch(server.url("/cond"), allow_private=True, headers={"If-None-Match": first.headers["etag"]})
    assert again.status == 304
    assert again.content == b""


@pytest.mark.parametrize("ip,kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("10.1.2.3", "private"), ("192.168.0.5", "private"), ("172.20.0.1", "private"),
    ("169.254.169.254", "link-local"), ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
    ("100.64.0.1", "non-global"), ("fe80::1", "link-local"), ("fd00::1", "private"),
    ("93.184.216.34", None), ("2606:4700::1111", None),
])
def test_address_classification(ip, kind):
    assert address_problem(ipaddress.ip_address(ip)) == kind


def test_size_formatting():
    assert too_large(6_200_000, 5_000_000) == "too large: 6.2 MB > 5 MB limit"
    assert format_size(12_345_678) == "12.3 MB"
    assert too_large(None, 5_000_000) == "too large: more than the 5 MB limit"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command for a test certificate")
def test_https_pinned_address_keeps_tls_hostname(tmp_path):
    """The connection goes to the checked IP, yet the certificate is verified for the host name."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost"], check=True, capture_output=True)
    routes = {"/tls": (200, {"Content-Type": "text/plain"}, b"secure hello")}
    srv = localserver.LocalServer(routes)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(str(cert), str(key))
    srv.httpd.socket = server_ctx.wrap_socket(srv.httpd.socket, server_side=True)
    client_ctx = ssl.create_default_context(cafile=str(cert))
    with srv:
        ok = fetch(f"https://localhost:{srv.port}/tls", allow_private=True, verify=client_ctx)
        assert ok.content == b"secure hello"
        assert srv.seen[-1][1]["Host"] == f"localhost:{srv.port}"
        with pytest.raises(FetchError, match="certificate"):
            fetch(f"https://127.0.0.1:{srv.port}/tls", allow_private=True, verify=client_ctx)


def test_fetch_is_thread_safe_enough_for_parallel_use(server):
    """Independent fetches share no state (each has its own client)."""
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(
        fetch(server.url("/page"), allow_private=True).content)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [PAGE] * 4


def test_read_timeout(server):
    with pytest.raises(FetchError) as err:
        fetch(server.url("/stall"), allow_private=True, timeout=0.5)
    assert str(err.value) == "unreachable: timed out after 0.5 s"


def test_unicode_host_is_idna_encoded(monkeypatch):
    """A non-ASCII host name is IDNA-encoded before lookup (the lookup is faked: no DNS traffic)."""
    asked = []

    def fake_getaddrinfo(host, *args, **kwargs):
        asked.append(host)
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(fetch_mod.socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchError) as err:
        fetch("http://nachrichten-bücher.example/", allow_private=True)
    assert asked == ["xn--nachrichten-bcher-f3b.example"]
    assert str(err.value).startswith("unreachable: cannot resolve host 'xn--nachrichten-bcher-f3b.example'")


@pytest.mark.parametrize("url,address", [
    ("http://[::1]:8080/", "::1"),
    ("http://[::ffff:7f00:1]/", "::ffff:7f00:1 (IPv4-mapped 127.0.0.1)"),
    ("http://0x7f000001/", "127.0.0.1"),   # hex, decimal and short forms of 127.0.0.1
    ("http://2130706433/", "127.0.0.1"),
    ("http://127.1/", "127.0.0.1"),
])
def test_obfuscated_loopback_forms_refused(url, address):
    with pytest.raises(FetchError) as err:
        fetch(url)
    assert str(err.value) == f"refused: resolves to loopback address {address} (use --allow-private)"


# IPv6 forms that carry an IPv4 address (issue 10 item 12): the IPv4 address is judged too.
EMBEDDED = [
    # (address, kind, form named in the reason)
    ("2002:7f00:1::", "loopback", "6to4 127.0.0.1"),                       # 6to4 2002:V4ADDR::/48
    ("2002:a00:1::1", "private", "6to4 10.0.0.1"),
    ("2002:a9fe:a9fe::", "link-local", "6to4 169.254.169.254"),           # cloud metadata via 6to4
    ("2002:c0a8:1::1", "private", "6to4 192.168.0.1"),
    ("64:ff9b::7f00:1", "loopback", "NAT64 127.0.0.1"),                    # NAT64 well-known /96
    ("64:ff9b::a9fe:a9fe", "link-local", "NAT64 169.254.169.254"),
    ("64:ff9b:1::a00:1", "private", "NAT64 10.0.0.1"),                     # NAT64 local-use /48
    ("::ffff:10.1.2.3", "private", "IPv4-mapped 10.1.2.3"),
    ("::7f00:1", "loopback", "IPv4-compatible 127.0.0.1"),                 # IPv4-compatible ::/96
    ("::a9fe:a9fe", "link-local", "IPv4-compatible 169.254.169.254"),
    # Teredo 2001:0::/32: server 65.54.227.120, client = NOT of the last 32 bits
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback", "Teredo client 127.0.0.1"),   # ~7f00:0001
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private", "Teredo client 10.0.0.1"),
]


@pytest.mark.parametrize("ip,kind,form", EMBEDDED)
def test_ipv6_forms_embedding_a_private_ipv4_are_refused(ip, kind, form):
    from wirewatch.fetch import describe_address

    address = ipaddress.ip_address(ip)
    assert address_problem(address) == kind
    assert describe_address(address) == f"{address} ({form})"
    with pytest.raises(FetchError) as err:     # refused before any connection is tried
        fetch(f"http://[{ip}]:8080/feed.xml", timeout=2.0)
    assert str(err.value) == f"refused: resolves to {kind} address {address} ({form}) (use --allow-private)"


@pytest.mark.parametrize("ip,form", [("2002:808:808::1", "6to4"), ("::ffff:8.8.8.8", "IPv4-mapped"),
                                     ("2001:0:4136:e378:8000:63bf:f7f7:f7f7", "Teredo client")])
def test_embedded_public_ipv4_is_read_but_not_blamed(ip, form):
    """The embedded address is found, but a public one gives no reason of its own."""
    from wirewatch.fetch import describe_address, embedded_ipv4

    address = ipaddress.ip_address(ip)
    assert (form, ipaddress.IPv4Address("8.8.8.8")) in embedded_ipv4(address)
    assert describe_address(address) == str(address)


def test_nat64_local_use_prefix_is_never_public():
    assert address_problem(ipaddress.ip_address("64:ff9b:1::808:808")) == "non-global"
