"""The Dask scheduler ``--scheduler`` names: its address read, reached and connected to, with
what went wrong said in Bahasa Indonesia.

Public API::

    where = scheduler_address("tcp://10.0.0.5:8786")  # Where("tcp", "10.0.0.5", 8786)
    reach(where)                # a plain connection first: ClusterError within PROBE_SECONDS
    client = connect(address)   # a distributed.Client, or ClusterError (never Dask's English)

Dask's own :class:`distributed.Client` says nothing useful about a wrong address: with
nothing listening it retries for its whole timeout and then reports in English; with a
program that is not a Dask scheduler listening there (a web server) it waits for the
handshake forever. So before Dask is asked, :func:`reach` opens a TCP connection itself
(a refused connection or an unknown host is told at once; no answer within
:data:`PROBE_SECONDS`) and, for ``tcp://``, waits for the scheduler's greeting: a Dask
scheduler speaks first, a frame of a few hundred bytes; a program that says nothing, or
something else, is not one. Addresses of other transports (``inproc://``, ``ucx://``) go to
Dask as they are.
"""

from __future__ import annotations

import socket
import struct
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from probisnis.errors import ClusterError, say

__all__ = ["CONNECT_SECONDS", "FORM", "PROBE_SECONDS", "Where", "connect", "reach",
           "scheduler_address"]

#: how long a connection, and then the scheduler's greeting, may take before "no answer"
PROBE_SECONDS = 5.0
#: Dask's own timeout once the probe found a scheduler there
CONNECT_SECONDS = 10
#: the form of an address, for messages
FORM = "tcp://host:8786"

#: transports with a host and a port (probed); others go to Dask as they are
_HOST_PORT = ("tcp", "tls", "ws", "wss")
_OTHERS = ("inproc", "ucx")
#: a Dask frame header (8 bytes, little-endian length) larger than this is not a greeting
_GREETING_MAX = 1 << 24


class Where(NamedTuple):
    scheme: str
    host: str | None
    port: int | None


def _check_hint() -> tuple[str, str]:
    return (f"periksa bahwa scheduler Dask berjalan di komputer itu (`dask scheduler`, port "
            f"bawaannya 8786) dan alamatnya ditulis dalam bentuk {FORM}",
            f"check that a Dask scheduler runs on that computer (`dask scheduler`, default "
            f"port 8786) and that the address has the form {FORM}")


def _bad_form(address: str, why_id: str, why_en: str) -> ClusterError:
    return ClusterError(say(
        f"--scheduler {address!r} bukan alamat scheduler Dask ({why_id}): tulis dalam bentuk "
        f"{FORM}, misalnya tcp://10.0.0.5:8786",
        f"--scheduler {address!r} is not a Dask scheduler address ({why_en}): write it as "
        f"{FORM}, e.g. tcp://10.0.0.5:8786"))


def scheduler_address(address: str) -> Where:
    """The transport, host and port of ``address`` (``host:port`` alone means ``tcp://``),
    or :class:`ClusterError` saying how to write it."""
    text = address.strip()
    if not text:
        raise _bad_form(address, "kosong", "empty")
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "tcp", text
    scheme = scheme.lower()
    if scheme in _OTHERS:
        return Where(scheme, None, None)
    if scheme not in _HOST_PORT:
        known = ", ".join(f"{s}://" for s in (*_HOST_PORT, *_OTHERS))
        raise _bad_form(address, f"awalan {scheme}:// tidak dikenal Dask; yang dikenal: {known}",
                        f"Dask knows no {scheme}:// transport; it knows {known}")
    parts = urlsplit(f"//{rest}")
    try:
        port = parts.port
    except ValueError:
        port = -1
    host = parts.hostname
    if not host:
        raise _bad_form(address, "nama atau alamat komputernya tidak ada",
                        "no host name or address")
    if port is None:
        raise _bad_form(address, "nomor port-nya tidak ada", "no port number")
    if port < 1 or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise _bad_form(address, "nomor port-nya bukan bilangan 1 sampai 65535"
                        if port < 1 else "ada bagian lain setelah nomor port",
                        "the port is not a number from 1 to 65535" if port < 1
                        else "something follows the port number")
    return Where(scheme, host, port)


def _unreachable(address: str, why_id: str, why_en: str) -> ClusterError:
    hint_id, hint_en = _check_hint()
    return ClusterError(say(
        f"--scheduler {address}: scheduler Dask tidak dapat dihubungi: {why_id}; {hint_id}",
        f"--scheduler {address}: cannot reach the Dask scheduler: {why_en}; {hint_en}"))


def reach(where: Where, address: str, timeout: float = PROBE_SECONDS) -> None:
    """Connect to ``where`` (and for ``tcp://`` read the scheduler's greeting) within
    ``timeout`` seconds each, or raise :class:`ClusterError` saying what to check."""
    if where.host is None or where.port is None:
        return
    host, port = where.host, where.port
    at_id, at_en = f"{host} port {port}", f"{host} port {port}"
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except socket.gaierror:
        raise _unreachable(address, f"nama komputer {host!r} tidak dikenal",
                           f"unknown host name {host!r}") from None
    except ConnectionRefusedError:
        raise _unreachable(address, f"tidak ada yang mendengarkan di {at_id} (koneksi ditolak)",
                           f"nothing listens on {at_en} (connection refused)") from None
    except TimeoutError:
        raise _unreachable(address, f"tidak ada jawaban dari {at_id} dalam {timeout:g} detik "
                           "(komputer mati, alamat salah, atau diblokir firewall)",
                           f"no answer from {at_en} within {timeout:g} s (computer off, "
                           "wrong address, or a firewall)") from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise _unreachable(address, f"{at_id} tidak terjangkau ({why})",
                           f"{at_en} is out of reach ({why})") from None
    with sock:
        if where.scheme != "tcp":  # (TLS, websockets: the client speaks first)
            return
        greeting = _first_bytes(sock, 8, timeout)
    if greeting is None or len(greeting) < 8 or not (
            0 < struct.unpack("<Q", greeting)[0] <= _GREETING_MAX):
        said = ("tidak mengatakan apa-apa" if not greeting else
                "menjawab dengan sesuatu yang lain")
        said_en = "says nothing" if not greeting else "answers with something else"
        raise _unreachable(
            address, f"program yang mendengarkan di {at_id} bukan scheduler Dask ({said} "
            f"dalam {timeout:g} detik; scheduler Dask menyapa lebih dulu)",
            f"the program listening on {at_en} is not a Dask scheduler (it {said_en} within "
            f"{timeout:g} s; a Dask scheduler speaks first)")


def _first_bytes(sock: socket.socket, count: int, timeout: float) -> bytes | None:
    """Up to ``count`` bytes the other end sends first (``None``: nothing in time)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            if not chunk:  # closed
                break
            data += chunk
    except (TimeoutError, OSError):
        return data or None
    return data


def connect(address: str) -> Any:
    """A :class:`distributed.Client` of the scheduler at ``address``; :class:`ClusterError`
    (in Bahasa Indonesia, with what to check) when it cannot be used."""
    from distributed import Client

    where = scheduler_address(address)
    reach(where, address)
    try:
        return Client(address, timeout=f"{CONNECT_SECONDS}s")
    except (OSError, TimeoutError, ValueError) as exc:
        hint_id, hint_en = _check_hint()
        raise ClusterError(say(
            f"--scheduler {address}: scheduler Dask di alamat itu menjawab, tetapi "
            f"sambungannya gagal dalam {CONNECT_SECONDS} detik; {hint_id} (dan bahwa versi "
            "dask di sini sama dengan di scheduler)",
            f"--scheduler {address}: the Dask scheduler there answered, but connecting to it "
            f"failed within {CONNECT_SECONDS} s ({exc}); {hint_en} (and that dask here is the "
            "scheduler's version)")) from None
