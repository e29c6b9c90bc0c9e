#!/usr/bin/python3
"""Scripted HTTP/1.1 server for broken, hostile and edge-case responses.

Usage: scripted.py PORT     (binds 127.0.0.1 only; PORT 0 picks a free port
                             and prints it on stdout)

Standard library only, one daemon thread per connection.  The request path
(query string aside) selects the scenario; README.md next to this file lists
them.  Rules common to all scenarios:

- Every connection reads one request head, then the request body if the head
  announces one (Content-Length or chunked), before the scenario answers.
  A request with `Expect: 100-continue` gets `100 Continue` before its body is
  read, but only in the scenarios that keep the connection open (those are
  well-behaved servers); /continue sends `100 Continue` whether asked or not.
- Connection numbers count accepted connections since start, from 1; request
  numbers count requests on one connection, from 1.
- Scenarios with a well-framed answer (/ok, /conn-id, /big-body, /drip,
  /chunked-trailers, /continue, /many-headers, /oversize-headers, /bare-lf,
  /obs-fold, /cl-same, /zstd, /gzip-bomb, /bad-gzip, /gzip-chunked,
  /long-chunk-ext, /big-trailers, /redirect-self, /idle-close, and the 404
  for unknown paths) keep the connection open and read the next request,
  unless the client sent `Connection: close` or spoke HTTP/1.0 (/idle-close
  also closes when the next request is late).  HEAD gets
  no body in /ok, /conn-id, /big-body, /zstd, /gzip-bomb, /bad-gzip and 404.
- The others close after sending, gracefully (FIN, then the server drains
  what the client still sends for a moment so that the kernel never turns the
  close into a reset); /reset, /reset-mid-head and /reset-mid-body reset on
  purpose (SO_LINGER {1, 0}, then close); /half-close shuts down its sending
  side only and keeps reading until the client leaves.
- A client that leaves at any point only ends its own thread.
"""

import gzip
import io
import itertools
import os
import select
import socket
import struct
import sys
import threading
import time
import urllib.parse

IDLE_TIMEOUT = 120.0  # seconds a connection may wait for the client
HEAD_LIMIT = 64 * 1024  # bytes of request head we accept
DRAIN_SECONDS = 2.0  # how long a graceful close keeps reading

KEEP, CLOSE, RESET, DONE = "keep", "close", "reset", "done"


class ClientGone(Exception):
    """The client closed its side."""


class BadRequest(Exception):
    """The request head could not be parsed."""


class Request:
    def __init__(self, method, target, version, headers):
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers  # list of (lowercase name, value), bytes
        parsed = urllib.parse.urlsplit(target.decode("latin-1"))
        self.path = parsed.path or "/"
        self.query = urllib.parse.parse_qs(parsed.query)

    def header(self, name):
        values = [v for n, v in self.headers if n == name]
        return b", ".join(values) if values else None

    def arg(self, name, default, lo, hi):
        try:
            value = int(self.query[name][0])
        except (KeyError, ValueError, IndexError):
            return default
        return max(lo, min(hi, value))

    def wants_close(self):
        conn = (self.header(b"connection") or b"").lower()
        return self.version != b"HTTP/1.1" or b"close" in conn

    def expects_continue(self):
        return (self.header(b"expect") or b"").lower() == b"100-continue"


class Conn:
    def __init__(self, sock, number):
        self.sock = sock
        self.number = number
        self.requests = 0
        self.buf = b""

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise ClientGone()
        self.buf += data

    def read_line(self, limit=HEAD_LIMIT):
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                line, self.buf = self.buf[:i], self.buf[i + 1:]
                return line[:-1] if line.endswith(b"\r") else line
            if len(self.buf) > limit:
                raise BadRequest("line too long")
            self._fill()

    def discard(self, n):
        take = min(n, len(self.buf))
        self.buf = self.buf[take:]
        n -= take
        while n > 0:
            data = self.sock.recv(min(n, 1 << 20))
            if not data:
                raise ClientGone()
            n -= len(data)

    def send(self, data):
        self.sock.sendall(data)

    def read_request(self):
        line = self.read_line()
        skipped = 0
        while line == b"":  # RFC 9112 2.2: ignore empty lines before a request
            skipped += 1
            if skipped > 16:
                raise BadRequest("empty lines")
            line = self.read_line()
        parts = line.split()
        if len(parts) != 3 or not parts[2].startswith(b"HTTP/"):
            raise BadRequest("request line")
        size = len(line)
        headers = []
        while True:
            line = self.read_line()
            size += len(line) + 2
            if size > HEAD_LIMIT:
                raise BadRequest("head too large")
            if line == b"":
                break
            name, sep, value = line.partition(b":")
            if not sep or not name or name != name.strip():
                raise BadRequest("header line")
            headers.append((name.lower(), value.strip()))
        self.requests += 1
        return Request(parts[0], parts[1], parts[2], headers)

    def read_body(self, req):
        te = req.header(b"transfer-encoding")
        if te is not None and b"chunked" in te.lower():
            while True:
                size_field = self.read_line().split(b";")[0].strip()
                try:
                    size = int(size_field, 16)
                except ValueError:
                    raise BadRequest("chunk size") from None
                if size == 0:
                    while self.read_line() != b"":  # trailers
                        pass
                    return
                self.discard(size)
                self.read_line()
        cl = req.header(b"content-length")
        if cl is not None:
            try:
                n = int(cl.split(b",")[0])
            except ValueError:
                raise BadRequest("content-length") from None
            if n < 0:
                raise BadRequest("content-length")
            self.discard(n)

    def has_body(self, req):
        cl = req.header(b"content-length")
        return req.header(b"transfer-encoding") is not None or (
            cl is not None and cl.strip() not in (b"0", b""))

    def respond(self, req, status, body, extra=b""):
        head = b"HTTP/1.1 " + status + b"\r\n" + extra
        head += b"Content-Length: %d\r\n\r\n" % len(body)
        self.send(head if req.method == b"HEAD" else head + body)
        return KEEP


# --- scenarios ---------------------------------------------------------------
# Each takes (conn, req) and returns KEEP, CLOSE, RESET or DONE (socket closed).

def s_ok(c, req):
    return c.respond(req, b"200 OK", b"hello")


def s_conn_id(c, req):
    return c.respond(req, b"200 OK", b"conn=%d req=%d" % (c.number, c.requests))


def s_close_on_second(c, req):
    if c.requests == 1:
        return s_conn_id(c, req)
    return CLOSE  # read, not answered


def raw(data, then=CLOSE):
    def scenario(c, _req):
        c.send(data)
        return then
    return scenario


CHUNKED_HEAD = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"


def s_oversize_headers(c, _req):
    # A head of exactly 200 KiB, made of one header line repeated.
    total = 200 * 1024
    first = b"HTTP/1.1 200 OK\r\n"
    last = b"Content-Length: 2\r\n\r\n"
    room = total - len(first) - len(last)
    lines = []
    while room > 0:
        n = 1024 if room >= 1024 + 64 else room
        lines.append(b"X-Filler: " + b"a" * (n - 12) + b"\r\n")
        room -= n
    c.send(first + b"".join(lines) + last + b"ok")
    return KEEP


def s_many_headers(c, _req):
    # 10,000 header lines in all, Content-Length included.
    lines = b"".join(b"X-Many-%d: %d\r\n" % (i, i) for i in range(1, 10000))
    c.send(b"HTTP/1.1 200 OK\r\n" + lines + b"Content-Length: 2\r\n\r\nok")
    return KEEP


def s_garbage(c, _req):
    c.send(os.urandom(512))
    return CLOSE


def s_continue(c, req):
    c.send(b"HTTP/1.1 100 Continue\r\n\r\n")
    c.read_body(req)
    c.send(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    return KEEP


def s_drip(c, req):
    ms = req.arg("ms", 100, 0, 60000)
    n = req.arg("n", 10, 0, 100000)
    c.send(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % n)
    for _ in range(n):
        time.sleep(ms / 1000.0)
        c.send(b"*")
    return KEEP


def s_silent(c, _req):
    # Hold the connection, send nothing, until the client leaves.
    deadline = time.monotonic() + IDLE_TIMEOUT
    while time.monotonic() < deadline:
        c.sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            if not c.sock.recv(65536):
                break
        except socket.timeout:
            break
    c.sock.close()
    return DONE


def s_reset(_c, _req):
    return RESET


def s_reset_mid_body(c, _req):
    c.send(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"x" * 100)
    time.sleep(0.1)  # let the client see the 100 bytes before the reset
    return RESET


def s_big_body(c, req):
    n = req.arg("n", 1 << 20, 0, 1 << 40)
    c.send(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % n)
    if req.method != b"HEAD":
        block = b"x" * (1 << 16)
        while n > 0:
            c.send(block[:n] if n < len(block) else block)
            n -= len(block)
    return KEEP


# --- content codings ----------------------------------------------------------
# Bodies with a Content-Encoding.  httpbin serves gzip, deflate and br; zstd
# and the hostile cases are here.

# It decodes to b"openinet decoded this zstd body\n" * 64 (2048 bytes).
# Python has no zstd module, so the frame was made once with the zstd CLI
# (1.5.4, `zstd -19`); it carries its content size and an XXH64 checksum.
ZSTD_FRAME = bytes.fromhex(
    "28b52ffd6400073d01000242070cd03d85143732330380235c23c0"
    "4789af76a8d5c6e938f4583a3b4a0c0100e87efcea097301a3f2")

# A gzip header, then 0xff bytes: a deflate block of the reserved type 3.
BAD_GZIP = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + b"\xff" * 22

# Decodes to the 1000 lines b"chunked gzip line 0000\n" ... b"... 0999\n"
# (23,000 bytes).
GZIP_CHUNKED = gzip.compress(
    b"".join(b"chunked gzip line %04d\n" % i for i in range(1000)), mtime=0)

GZIP_BOMB_SIZE = 64 << 20  # zeros; about 64 KiB gzipped

_bomb = []
_bomb_lock = threading.Lock()


def gzip_bomb():
    """Made on first use (about 0.3 s) rather than at start-up, which stays
    instant; streamed through the compressor, never 64 MiB in memory."""
    with _bomb_lock:
        if not _bomb:
            out = io.BytesIO()
            zeros = bytes(1 << 20)
            with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0) as g:
                for _ in range(GZIP_BOMB_SIZE // len(zeros)):
                    g.write(zeros)
            _bomb.append(out.getvalue())
        return _bomb[0]


def encoded(coding, body):
    """200 with Content-Encoding and Content-Length; body is bytes, or a
    function that makes them."""
    def scenario(c, req):
        data = body() if callable(body) else body
        return c.respond(req, b"200 OK", data, b"Content-Encoding: " + coding + b"\r\n")
    return scenario


def s_gzip_chunked(c, _req):
    # The gzip stream cut into chunks of 1, 7, 100 and 1000 bytes in turn,
    # each sent on its own.
    c.send(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
           b"Transfer-Encoding: chunked\r\n\r\n")
    pos = 0
    for size in itertools.cycle((1, 7, 100, 1000)):
        if pos >= len(GZIP_CHUNKED):
            break
        piece = GZIP_CHUNKED[pos:pos + size]
        pos += len(piece)
        c.send(b"%x\r\n%s\r\n" % (len(piece), piece))
    c.send(b"0\r\n\r\n")
    return KEEP


# --- faults and limits -------------------------------------------------------
# Robustness cases: a peer that dies or half-closes mid-response, framing
# lines and trailers over the client's limits, absurd lengths, a redirect
# loop, and a keep-alive connection that the server drops when it idles.

def s_reset_mid_head(c, _req):
    c.send(b"HTTP/1.1 200 OK\r\nContent-Le")
    time.sleep(0.1)  # let the client see the partial head before the reset
    return RESET


def wait_for_client_to_leave(c):
    """Read and discard until the client closes, or IDLE_TIMEOUT."""
    deadline = time.monotonic() + IDLE_TIMEOUT
    try:
        while time.monotonic() < deadline:
            c.sock.settimeout(max(0.1, deadline - time.monotonic()))
            if not c.sock.recv(65536):
                break
    except OSError:
        pass
    c.sock.close()
    return DONE


def s_half_close(c, req):
    # ?in=head (default): a head cut in its middle; ?in=body: a whole head
    # announcing 10 bytes, then 4.  Then FIN while the server still reads:
    # the client must act on the FIN, not wait for a full close.
    if req.query.get("in", ["head"])[0] == "body":
        c.send(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123")
    else:
        c.send(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-Cut: ha")
    c.sock.shutdown(socket.SHUT_WR)
    return wait_for_client_to_leave(c)


def s_long_chunk_ext(c, req):
    # One chunk whose size line carries an extension of n bytes (default
    # 8192, over the client's default 4096-byte limit), then `hello`.
    n = req.arg("n", 8192, 1, 1 << 20)
    c.send(CHUNKED_HEAD + b"5;ext=" + b"a" * n + b"\r\nhello\r\n0\r\n\r\n")
    return KEEP


def s_big_trailers(c, req):
    # Body `hello`, then trailer field lines of about n bytes in all
    # (default 32768, over the client's default 16384), 1 KiB each.
    n = req.arg("n", 32768, 1, 1 << 24)
    lines, i = [], 0
    while n > 0:
        line = b"X-Big-%04d: " % i
        fill = max(1, min(1024, n) - len(line) - 2)
        lines.append(line + b"t" * fill + b"\r\n")
        n -= len(lines[-1])
        i += 1
    c.send(CHUNKED_HEAD + b"5\r\nhello\r\n0\r\n" + b"".join(lines) + b"\r\n")
    return KEEP


def s_redirect_self(c, req):
    return c.respond(req, b"302 Found", b"", b"Location: /redirect-self\r\n")


def s_idle_close(c, req):
    # Like /conn-id, then wait ms (default 200) for the next request; if
    # none has begun by then, close, as a server's keep-alive timeout does.
    ms = req.arg("ms", 200, 0, 60000)
    s_conn_id(c, req)
    if c.buf:
        return KEEP
    ready, _, _ = select.select([c.sock], [], [], ms / 1000.0)
    return KEEP if ready else CLOSE


SCENARIOS = {
    "/ok": s_ok,
    "/conn-id": s_conn_id,
    "/close-on-second": s_close_on_second,
    "/truncated-length": raw(
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"),
    "/close-mid-chunk": raw(CHUNKED_HEAD + b"a\r\n12345"),
    "/bad-chunk-size": raw(CHUNKED_HEAD + b"zz\r\nhello\r\n0\r\n\r\n"),
    "/chunk-overflow": raw(CHUNKED_HEAD + b"1ffffffffffffffff\r\nhello\r\n0\r\n\r\n"),
    "/chunked-trailers": raw(
        CHUNKED_HEAD + b"5;name=value\r\nhello\r\n5;name=value\r\nworld\r\n"
        b"0\r\nX-Trailer: yes\r\nX-Sum: 10\r\n\r\n", KEEP),
    "/oversize-headers": s_oversize_headers,
    "/many-headers": s_many_headers,
    "/no-status-line": raw(b"Content-Type: text/plain\r\n\r\nhello"),
    "/garbage": s_garbage,
    "/bare-lf": raw(b"HTTP/1.1 200 OK\nContent-Length: 5\n\nhello", KEEP),
    "/obs-fold": raw(
        b"HTTP/1.1 200 OK\r\nX-Folded: one\r\n two\r\nContent-Length: 2\r\n\r\nok", KEEP),
    "/te-and-cl": raw(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
        b"5\r\nhello\r\n0\r\n\r\n"),
    "/cl-same": raw(b"HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello", KEEP),
    "/cl-differ": raw(
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello"),
    "/cl-negative": raw(b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nhello"),
    "/cl-nonnumeric": raw(b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nhello"),
    "/continue": s_continue,
    "/close-delimited": raw(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello"),
    "/http10": raw(b"HTTP/1.0 200 OK\r\n\r\nhello"),
    "/drip": s_drip,
    "/silent": s_silent,
    "/reset": s_reset,
    "/reset-mid-body": s_reset_mid_body,
    "/big-body": s_big_body,
    "/zstd": encoded(b"zstd", ZSTD_FRAME),
    "/gzip-bomb": encoded(b"gzip", gzip_bomb),
    "/bad-gzip": encoded(b"gzip", BAD_GZIP),
    "/gzip-chunked": s_gzip_chunked,
    "/reset-mid-head": s_reset_mid_head,
    "/half-close": s_half_close,
    "/long-chunk-ext": s_long_chunk_ext,
    "/big-trailers": s_big_trailers,
    "/redirect-self": s_redirect_self,
    "/redirect-with-trailers": raw(
        b"HTTP/1.1 302 Found\r\nLocation: /ok\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\nmoved\r\n0\r\nX-Trailer: hop\r\n\r\n", KEEP),
    "/huge-length": raw(
        b"HTTP/1.1 200 OK\r\nContent-Length: 2147483648\r\n\r\n0123456789"),
    "/nul-in-header": raw(
        b"HTTP/1.1 200 OK\r\nX-Nul: a\x00b\r\nContent-Length: 5\r\n\r\nhello"),
    "/idle-close": s_idle_close,
}

# Scenarios that behave like a sound server: they answer Expect: 100-continue.
POLITE = {s_ok, s_conn_id, s_close_on_second, s_drip, s_big_body,
          s_oversize_headers, s_many_headers, s_redirect_self, s_idle_close}


def s_not_found(c, req):
    return c.respond(req, b"404 Not Found",
                     b"no such scenario: " + req.path.encode("latin-1") + b"\n")


# --- connection handling -----------------------------------------------------

def log(msg):
    try:
        sys.stderr.write(msg + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def reset(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def close_gracefully(sock):
    """FIN, then read what the client still sends, so that close() does not
    reset the connection while our last bytes are on their way."""
    try:
        sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + DRAIN_SECONDS
        while time.monotonic() < deadline:
            sock.settimeout(max(0.05, deadline - time.monotonic()))
            if not sock.recv(65536):
                break
    except OSError:
        pass
    sock.close()


def serve(sock, number):
    c = Conn(sock, number)
    outcome = CLOSE
    try:
        sock.settimeout(IDLE_TIMEOUT)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            try:
                req = c.read_request()
            except BadRequest as e:
                log("conn=%d bad request: %s" % (number, e))
                c.send(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                       b"Connection: close\r\n\r\n")
                outcome = CLOSE
                break
            log("conn=%d req=%d %s %s" % (number, c.requests,
                                         req.method.decode("latin-1"),
                                         req.target.decode("latin-1")))
            scenario = SCENARIOS.get(req.path, s_not_found)
            if scenario is not s_continue:
                if (scenario in POLITE or scenario is s_not_found) and \
                        req.expects_continue() and c.has_body(req):
                    c.send(b"HTTP/1.1 100 Continue\r\n\r\n")
                c.read_body(req)
            outcome = scenario(c, req)
            if outcome != KEEP or req.wants_close():
                break
    except (ClientGone, BadRequest, OSError):
        outcome = CLOSE
    except Exception as e:  # a bug here must not take the server down
        log("conn=%d error: %r" % (number, e))
        outcome = CLOSE
    try:
        if outcome == RESET:
            reset(sock)
        elif outcome != DONE:
            close_gracefully(sock)
    except OSError:
        pass


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: scripted.py PORT")
    port = int(sys.argv[1])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(128)
    if port == 0:
        print(listener.getsockname()[1], flush=True)
    log("scripted.py listening on 127.0.0.1:%d" % listener.getsockname()[1])
    count = 0
    while True:
        try:
            sock, _ = listener.accept()
        except OSError as e:  # e.g. out of file descriptors: wait, retry
            log("accept: %s" % e)
            time.sleep(0.1)
            continue
        count += 1
        threading.Thread(target=serve, args=(sock, count), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
