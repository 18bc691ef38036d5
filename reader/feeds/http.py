"""Polite, bounded HTTP for feeds and pages (httpx; no Textual).

Every request made for feeds goes through `Http.get`, which keeps these rules:

- only `http` and `https` URLs, at the start and after every redirect;
- at most `max_redirects` redirects (5), followed here so each hop is checked;
- timeouts: `connect_timeout` (10 s) to connect, `total_timeout` (30 s) for
  the whole response (checked between chunks; no single read waits longer);
- at most `max_bytes` (10 MB) of body, decoded (a gzip bomb stops there too);
- `gzip` asked for and decoded; a `User-Agent` naming reader and its version;
- conditional requests: `If-None-Match` / `If-Modified-Since` when the caller
  has validators, and a 304 answered as `not_modified`;
- at most `max_parallel` (4) requests at once and one per host at a time;
- 429 and 5xx are tried again `retries` times, after the server's
  `Retry-After` (seconds or a date, up to `max_retry_after`) or a backoff that
  doubles from `backoff` seconds.

A request that cannot be answered raises `FetchFailed` with a one-line
reason ("HTTP 404 Not Found", "timed out after 30 s"); nothing else escapes.
Waiting (for a slot, before a retry) ends early when `stop` is set.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRIED = frozenset({429, 500, 502, 503, 504})


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reader")
    except PackageNotFoundError:
        return "source"


USER_AGENT = f"reader/{_version()} (terminal news reader; feeds)"


@dataclass(frozen=True, slots=True)
class HttpSettings:
    """The limits of `Http`; the defaults are the documented ones (tests shorten them)."""

    connect_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    max_parallel: int = 4
    retries: int = 2
    backoff: float = 1.0
    max_retry_after: float = 60.0


@dataclass(frozen=True, slots=True)
class Response:
    """A successful answer.  `url` is the last one after redirects; `body` is empty
    when `not_modified`."""

    url: str
    status: int
    body: bytes
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False


@dataclass(frozen=True, slots=True)
class _Outcome:
    """One request's outcome: an answer, a redirect, or an error status."""

    status: int
    response: Response | None = None
    redirect: str = ""
    error: str = ""
    retry_after: float | None = None


class FetchFailed(Exception):
    """A request that got no usable answer; `str()` is the one-line reason."""


class Stopped(FetchFailed):
    """The caller asked to stop while this request waited or ran."""


def check_url(url: str) -> str:
    """`url` if it is an absolute http or https URL; raises `FetchFailed` otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"{parts.scheme}:" if parts.scheme else "a relative"
        raise FetchFailed(f"{shown} URL refused (only http and https)")
    if not parts.hostname:
        raise FetchFailed("URL without a host")
    return url.strip()


class Http:
    """One client shared by the threads of a fetch; `close` ends its connections."""

    def __init__(self, settings: HttpSettings | None = None, stop: threading.Event | None = None):
        self.settings = settings or HttpSettings()
        self.stop = stop or threading.Event()
        s = self.settings
        self._client = httpx.Client(
            timeout=httpx.Timeout(s.total_timeout, connect=s.connect_timeout),
            limits=httpx.Limits(max_connections=s.max_parallel, max_keepalive_connections=4),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
        )
        self._slots = threading.BoundedSemaphore(s.max_parallel)
        self._hosts: dict[str, threading.Lock] = {}
        self._hosts_guard = threading.Lock()

    def __enter__(self) -> Http:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self, url: str, *, etag: str = "", last_modified: str = "", accept: str = ""
    ) -> Response:
        """GET `url` under the rules of this module; raises `FetchFailed`."""
        url = check_url(url)
        headers = {"Accept": accept} if accept else {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _hop in range(self.settings.max_redirects + 1):
            outcome = self._get_with_retries(url, headers)
            if outcome.response is not None:
                return outcome.response
            target = urljoin(url, outcome.redirect)
            if not _is_web(target):
                scheme = urlsplit(target).scheme or "a relative"
                raise FetchFailed(f"redirected to a {scheme}: URL (only http and https)")
            url = target
        raise FetchFailed(f"too many redirects (more than {self.settings.max_redirects})")

    def _get_with_retries(self, url: str, headers: dict[str, str]) -> _Outcome:
        """An answer or a redirect, after trying again on 429 and 5xx."""
        attempt = 0
        while True:
            with self._slot(url):
                outcome = self._once(url, headers)
            if not outcome.error:
                return outcome
            if outcome.status not in RETRIED or attempt >= self.settings.retries:
                tries = f" ({attempt + 1} tries)" if attempt else ""
                raise FetchFailed(f"{outcome.error}{tries}")
            delay = outcome.retry_after
            if delay is None:
                delay = self.settings.backoff * 2**attempt
            if delay > self.settings.max_retry_after:
                raise FetchFailed(f"{outcome.error}; the server asks to wait {delay:.0f} s")
            if self.stop.wait(delay):
                raise Stopped("stopped")
            attempt += 1

    def _once(self, url: str, headers: dict[str, str]) -> _Outcome:
        """One request and its answer, read whole (within the limits)."""
        s = self.settings
        started = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as answer:
                status = answer.status_code
                validators = {
                    "etag": answer.headers.get("etag", ""),
                    "last_modified": answer.headers.get("last-modified", ""),
                }
                if status in REDIRECTS:
                    location = answer.headers.get("location")
                    if not location:
                        raise FetchFailed(f"HTTP {status} without a Location")
                    return _Outcome(status, redirect=location)
                if status == 304:
                    response = Response(str(answer.url), 304, b"", not_modified=True, **validators)
                    return _Outcome(status, response=response)
                if status >= 400:
                    return _Outcome(
                        status,
                        error=f"HTTP {status} {answer.reason_phrase}".rstrip(),
                        retry_after=_retry_after(answer.headers.get("retry-after")),
                    )
                declared = answer.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > s.max_bytes:
                    raise FetchFailed(_too_large(s.max_bytes))
                body = self._read(answer, started)
                content_type = answer.headers.get("content-type", "")
                response = Response(str(answer.url), status, body, content_type, **validators)
                return _Outcome(status, response=response)
        except httpx.HTTPError as error:
            if self.stop.is_set():
                raise Stopped("stopped") from None
            raise FetchFailed(_reason(error, s)) from None
        except (OSError, ValueError) as error:  # a malformed URL or header, a socket error
            raise FetchFailed(f"cannot fetch ({error})") from None

    def _read(self, answer: httpx.Response, started: float) -> bytes:
        s = self.settings
        chunks: list[bytes] = []
        size = 0
        for chunk in answer.iter_bytes():
            size += len(chunk)
            if size > s.max_bytes:
                raise FetchFailed(_too_large(s.max_bytes))
            if time.monotonic() - started > s.total_timeout:
                raise FetchFailed(_timed_out(s.total_timeout))
            if self.stop.is_set():
                raise Stopped("stopped")
            chunks.append(chunk)
        return b"".join(chunks)

    @contextmanager
    def _slot(self, url: str) -> Iterator[None]:
        """One of the `max_parallel` slots, and the host's own (one request per host)."""
        host = (urlsplit(url).hostname or "").lower()
        with self._hosts_guard:
            host_lock = self._hosts.setdefault(host, threading.Lock())
        _acquire(host_lock, self.stop)
        try:
            _acquire(self._slots, self.stop)
            try:
                yield
            finally:
                self._slots.release()
        finally:
            host_lock.release()


def _acquire(lock: threading.Lock | threading.BoundedSemaphore, stop: threading.Event) -> None:
    while not lock.acquire(timeout=0.1):
        if stop.is_set():
            raise Stopped("stopped")


def _is_web(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https")


def _timed_out(limit: float) -> str:
    return f"timed out (no whole answer within {_seconds(limit)})"


def _retry_after(value: str | None) -> float | None:
    """Seconds a `Retry-After` header asks for (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _too_large(limit: int) -> str:
    return f"larger than {limit / 1024 / 1024:g} MB"


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _reason(error: httpx.HTTPError, s: HttpSettings) -> str:
    """One line for what httpx raised."""
    if isinstance(error, httpx.ConnectTimeout):
        return f"timed out connecting ({_seconds(s.connect_timeout)})"
    if isinstance(error, httpx.TimeoutException):
        return _timed_out(s.total_timeout)
    if isinstance(error, httpx.DecodingError):
        return "the answer's compressed body is broken"
    return _network_reason(error)


def _network_reason(error: httpx.HTTPError) -> str:
    """One line for a connection failure: the innermost reason, without the noise."""
    text = str(error).strip() or type(error).__name__
    if "[Errno" in text:
        text = text.split("]", 1)[-1].strip()
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect ({text})"
    if isinstance(error, httpx.RemoteProtocolError):
        return f"the server broke the connection ({text})"
    return f"cannot fetch ({text})"
