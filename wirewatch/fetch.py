"""Safe HTTP GET for reading feeds and pages from the open web.

Why not a bare ``httpx.get``: wirewatch fetches URLs that come from feeds and users, so a URL may
point (directly or via a redirect) at the machine itself or the internal network (SSRF). Here every
hop is resolved first and refused if any address is private/loopback/link-local/multicast/reserved,
and the connection is then made to exactly the address that was checked (no second DNS lookup, so
DNS rebinding cannot swap it). Bodies are streamed with a byte cap, so a huge or endless response
(or a gzip bomb: the cap counts decoded bytes) never lands in memory whole.

Every failure is a :class:`FetchError` whose ``str`` is a one-line reason fit for a report.
"""
from __future__ import annotations

import errno
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from . import __version__

USER_AGENT = f"wirewatch/{__version__} (news event extraction; feed reader)"
MAX_REDIRECTS = 5
REDIRECT_CODES = {301, 302, 303, 307, 308}
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """A fetch that did not give a usable response; ``str(e)`` is the one-line reason."""


@dataclass
class FetchResult:
    """A completed GET. ``status`` is 200-299, or 304 when the caller sent a conditional header."""
    url: str
    final_url: str
    status: int
    headers: dict = field(default_factory=dict)
    content: bytes = b""
    content_type: Optional[str] = None  # media type only, lower case, e.g. "text/html"

    @property
    def charset(self) -> Optional[str]:
        """The charset declared in the Content-Type header, if any."""
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


def format_size(n_bytes: int) -> str:
    """Human size in MB (10^6 bytes), e.g. ``6.2 MB``; small sizes keep one significant decimal."""
    mb = n_bytes / 1_000_000
    return f"{mb:.1f} MB" if mb >= 0.1 else f"{mb:.2g} MB"


def too_large(size: Optional[int], limit: int) -> str:
    """The one-line 'too large' reason shared by files and responses."""
    limit_txt = f"{limit / 1_000_000:g} MB"
    if size is None:
        return f"too large: more than the {limit_txt} limit"
    return f"too large: {format_size(size)} > {limit_txt} limit"


NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")      # RFC 6052: IPv4 in the last 32 bits
NAT64_LOCAL_USE = ipaddress.ip_network("64:ff9b:1::/48")     # RFC 8215: local-use, never global
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")             # RFC 4291 (deprecated): ::a.b.c.d


def embedded_ipv4(ip: IPAddress) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address carries, with the name of the form: IPv4-mapped
    (::ffff:a.b.c.d), 6to4 (2002:AABB:CCDD::), Teredo (2001:0::/32: server, and client = NOT of the
    last 32 bits), NAT64 (64:ff9b::/96 and 64:ff9b:1::/48, last 32 bits), IPv4-compatible (::a.b.c.d).

    A packet to such an address can end up at the IPv4 one (a relay or translator on the way), so the
    SSRF rule judges the IPv4 address too: [2002:7f00:1::] is loopback."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if ip.ipv4_mapped is not None:
        found.append(("IPv4-mapped", ip.ipv4_mapped))
    if ip.sixtofour is not None:
        found.append(("6to4", ip.sixtofour))
    if ip.teredo is not None:
        server, client = ip.teredo
        found += [("Teredo client", client), ("Teredo server", server)]
    if ip in NAT64_WELL_KNOWN or ip in NAT64_LOCAL_USE:
        found.append(("NAT64", low32))
    if ip in IPV4_COMPATIBLE and int(ip) > 1:  # :: and ::1 are themselves (unspecified, loopback)
        found.append(("IPv4-compatible", low32))
    return found


def address_problem(ip: IPAddress) -> Optional[str]:
    """The kind of non-public address ``ip`` is ('loopback', 'private', ...), or None if public.

    An IPv6 address that embeds an IPv4 one (``embedded_ipv4``) has that IPv4 address's kind when it
    is not public; an IPv4-mapped one is judged as its IPv4 address alone."""
    for _form, v4 in embedded_ipv4(ip):
        kind = address_problem(v4)
        if kind:
            return kind
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return None  # ::ffff:93.184.216.34 is 93.184.216.34, public
    if ip in NAT64_LOCAL_USE:
        return "non-global"
    checks = [
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("non-global", not ip.is_global),  # e.g. 100.64.0.0/10 carrier-grade NAT
    ]
    return next((kind for kind, hit in checks if hit), None)


def describe_address(ip: IPAddress) -> str:
    """``ip`` for a refusal reason, naming the non-public IPv4 address it embeds, if any."""
    for form, v4 in embedded_ipv4(ip):
        if address_problem(v4):
            return f"{ip} ({form} {v4})"
    return str(ip)


def resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:  # ValueError: e.g. a NUL in the name
        raise FetchError(f"unreachable: cannot resolve host '{host}' ({exc})") from None
    addrs: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if ip not in addrs:
            addrs.append(ip)
    if not addrs:
        raise FetchError(f"unreachable: host '{host}' has no address")
    return addrs


def check_url(url: str, allow_private: bool) -> tuple[str, int, list[IPAddress]]:
    """Validate scheme and host and resolve the addresses that may be connected to.

    Returns (host, port, addresses). Refuses the URL if *any* address of the host is non-public,
    since the connection could otherwise go to whichever address the resolver returns first.
    """
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise FetchError(f"not a URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme '{scheme}'" if scheme else f"not a URL: '{url}'")
    host = parts.hostname
    if not host:
        raise FetchError(f"not a URL (no host): '{url}'")
    try:
        host = host.encode("idna").decode("ascii")  # internationalised names as sent on the wire
    except UnicodeError:
        raise FetchError(f"not a URL (bad host name): '{url}'") from None
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"not a URL (bad port): '{url}'") from None
    addrs = resolve(host, port)
    if not allow_private:
        for ip in addrs:
            kind = address_problem(ip)
            if kind:
                raise FetchError(f"refused: resolves to {kind} address {describe_address(ip)} (use --allow-private)")
    return host, port, addrs


def pinned_request(client: httpx.Client, url: str, host: str, port: int, ip: IPAddress,
                   headers: dict) -> httpx.Request:
    """A GET to ``url`` that connects to ``ip`` while keeping Host header and TLS name = ``host``."""
    parts = urlsplit(url)
    ip_host = f"[{ip}]" if ip.version == 6 else str(ip)
    default_port = 443 if parts.scheme.lower() == "https" else 80
    netloc = ip_host if port == default_port else f"{ip_host}:{port}"
    target = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = host if port == default_port else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if port == default_port else f"[{host}]:{port}"
    req_headers = {"User-Agent": USER_AGENT, "Accept": "*/*", **headers, "Host": host_header}
    return client.build_request("GET", target, headers=req_headers,
                                extensions={"sni_hostname": host})


def describe_transport_error(exc: httpx.TransportError, timeout: float) -> str:
    """One-line reason for a connection-level failure."""
    if isinstance(exc, httpx.TimeoutException):
        return f"unreachable: timed out after {timeout:g} s"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == errno.ECONNREFUSED:
            return "unreachable: connection refused"
        if isinstance(cause, ssl.SSLError):
            return f"TLS error: {cause}".splitlines()[0]
        cause = cause.__cause__ or cause.__context__
    text = " ".join(str(exc).split()) or type(exc).__name__
    if "refused" in text.lower():
        return "unreachable: connection refused"
    if "location header" in text.lower():  # httpx: "Invalid URL in location header: ..."
        return f"bad redirect: {text}"
    return f"unreachable: {text}"


# What a malformed URL raises inside httpx (InvalidURL is not an httpx.HTTPError) or the idna package
# (IDNAError is a UnicodeError), besides ValueError from urllib.
URL_ERRORS = (httpx.InvalidURL, UnicodeError, ValueError)


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def redirect_target(current: str, location: str) -> str:
    """The absolute URL a redirect's ``Location`` points to; FetchError when it is not a URL."""
    try:
        return urljoin(current, location.strip())
    except ValueError as exc:
        raise FetchError(f"bad redirect: Location {location[:200]!r} is not a URL ({one_line(exc)})") from None


def connect(client: httpx.Client, url: str, host: str, port: int, addrs: list[IPAddress],
            headers: dict, timeout: float) -> httpx.Response:
    """Send the request to the checked addresses in turn (as the OS would), first answer wins."""
    error: Optional[httpx.TransportError] = None
    for ip in addrs:
        try:
            request = pinned_request(client, url, host, port, ip, headers)
        except URL_ERRORS as exc:
            raise FetchError(f"not a URL: {one_line(exc)}") from None
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError as exc:
            error = exc  # try the next address, e.g. ::1 then 127.0.0.1 for "localhost"
        except httpx.TransportError as exc:
            raise FetchError(describe_transport_error(exc, timeout)) from None
        except (httpx.HTTPError, *URL_ERRORS) as exc:
            # httpx builds the request a redirect points to even when not following it, so a
            # malformed Location (a bad IDNA label, say) raises here, after the response came
            raise FetchError(f"bad redirect: {one_line(exc)}") from None
    assert error is not None
    raise FetchError(describe_transport_error(error, timeout))


def read_capped(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    """Read the (decoded) body, refusing it once it passes ``max_bytes`` or the overall deadline."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(too_large(int(declared), max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(too_large(None, max_bytes))
        if time.monotonic() > deadline:
            raise FetchError("unreachable: response too slow (overall time limit)")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(url: str, *, allow_private: bool = False, max_bytes: int = 5_000_000, timeout: float = 15.0,
          headers: dict | None = None, verify: ssl.SSLContext | bool = True,
          check: Optional[Callable[[httpx.Response], None]] = None) -> FetchResult:
    """GET ``url`` safely: http/https only, SSRF-checked on every hop, redirects followed (max 5).

    ``headers`` are sent as given (e.g. If-None-Match / If-Modified-Since; a 304 is returned as a
    result, not an error). The whole exchange is limited to four times ``timeout``; each connect or
    read to ``timeout``. ``verify`` is passed to httpx (tests use it to trust a local certificate).
    ``check`` sees the final (non-redirect) response before its body is read and may raise a
    FetchError of its own (``watch.get_feed`` keeps the Retry-After of a 429 / 503 that way).
    Whatever goes wrong, including a malformed redirect, raises FetchError and nothing else.
    """
    extra = dict(headers or {})
    deadline = time.monotonic() + 4 * timeout
    current = url
    # No keep-alive: a pooled connection is keyed by IP, and reusing one opened for another host
    # name would skip that name's certificate check. No trust_env: a proxy would void the pinning.
    with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False,
                      verify=verify, limits=httpx.Limits(max_keepalive_connections=0)) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            host, port, addrs = check_url(current, allow_private)
            response = connect(client, current, host, port, addrs, extra, timeout)
            try:
                if response.status_code in REDIRECT_CODES:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} redirect without a Location")
                    current = redirect_target(current, location)
                    continue
                if check is not None:
                    check(response)
                return finish(url, current, response, max_bytes, deadline, timeout)
            finally:
                response.close()
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")


def finish(url: str, final_url: str, response: httpx.Response, max_bytes: int, deadline: float,
           timeout: float) -> FetchResult:
    """Turn a non-redirect response into a FetchResult, or a FetchError for HTTP errors."""
    status = response.status_code
    if status >= 400 or status < 200 or (300 <= status < 400 and status != 304):
        reason = response.reason_phrase or ""
        raise FetchError(f"HTTP {status} {reason}".strip())
    try:
        content = b"" if status == 304 else read_capped(response, max_bytes, deadline)
    except httpx.TransportError as exc:
        raise FetchError(describe_transport_error(exc, timeout)) from None
    except httpx.DecodingError as exc:
        raise FetchError(f"bad response encoding: {exc}".splitlines()[0]) from None
    media = response.headers.get("content-type", "").split(";")[0].strip().lower() or None
    return FetchResult(url=url, final_url=final_url, status=status,
                       headers={k.lower(): v for k, v in response.headers.items()},
                       content=content, content_type=media)
