#!/usr/bin/env python3
"""A small SOCKS5 server for the tests: CONNECT (RFC 1928) behind
user/password authentication (RFC 1929).

danted, the Debian SOCKS server the tests use otherwise, checks user names
and passwords against the system's accounts (passwd or PAM), and a test
must not create accounts; this server takes them on its command line.
Targets are limited to loopback addresses and the name localhost (reply
2, "not allowed by ruleset", for others, before any DNS lookup), so nothing
leaves the machine.

Usage: socks5.py PORT USER PASSWORD      (standard library only)
"""
import ipaddress
import socket
import socketserver
import struct
import sys
import threading

REPLY_OK, REPLY_FAILURE, REPLY_NOT_ALLOWED = 0, 1, 2
REPLY_HOST_UNREACHABLE, REPLY_REFUSED = 4, 5
REPLY_COMMAND, REPLY_ADDRESS_TYPE = 7, 8


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def reply(s, code, bound=("0.0.0.0", 0)):
    addr = ipaddress.ip_address(bound[0])
    atyp = 1 if addr.version == 4 else 4
    s.sendall(struct.pack("!BBBB", 5, code, 0, atyp) + addr.packed + struct.pack("!H", bound[1]))


def loopback_name(host):
    """Is host an address or name that can only mean this machine?"""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        host = host.lower().rstrip(".")
        return host == "localhost" or host.endswith(".localhost")


def pump(src, dst):
    """Copy src to dst until EOF, then pass the EOF on."""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    try:
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        s = self.request
        s.settimeout(30)
        try:
            if self.authenticate(s):
                self.connect(s)
        except (EOFError, OSError):
            pass

    def authenticate(self, s):
        version, n = recv_exact(s, 2)
        methods = recv_exact(s, n)
        if version != 5 or 2 not in methods:
            s.sendall(b"\x05\xff")
            return False
        s.sendall(b"\x05\x02")
        recv_exact(s, 1)  # sub-negotiation version
        user = recv_exact(s, recv_exact(s, 1)[0])
        password = recv_exact(s, recv_exact(s, 1)[0])
        ok = (user, password) == (self.server.user, self.server.password)
        s.sendall(b"\x01" + (b"\x00" if ok else b"\x01"))
        return ok

    def target(self, s):
        version, command, _, atyp = recv_exact(s, 4)
        if atyp == 1:
            host = str(ipaddress.ip_address(recv_exact(s, 4)))
        elif atyp == 4:
            host = str(ipaddress.ip_address(recv_exact(s, 16)))
        elif atyp == 3:
            host = recv_exact(s, recv_exact(s, 1)[0]).decode("ascii", "replace")
        else:
            return None, None, REPLY_ADDRESS_TYPE
        (port,) = struct.unpack("!H", recv_exact(s, 2))
        return host, port, REPLY_OK if command == 1 else REPLY_COMMAND

    def connect(self, s):
        host, port, code = self.target(s)
        if code != REPLY_OK:
            return reply(s, code)
        if not loopback_name(host):
            return reply(s, REPLY_NOT_ALLOWED)  # before any DNS lookup
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror:
            return reply(s, REPLY_HOST_UNREACHABLE)
        infos = [i for i in infos if ipaddress.ip_address(i[4][0]).is_loopback]
        code = REPLY_FAILURE
        for family, kind, proto, _, address in infos:
            out = socket.socket(family, kind, proto)
            out.settimeout(5)
            try:
                out.connect(address)
            except ConnectionRefusedError:
                code = REPLY_REFUSED
                out.close()
                continue
            except OSError:
                out.close()
                continue
            out.settimeout(None)
            s.settimeout(None)
            reply(s, REPLY_OK, out.getsockname()[:2])
            back = threading.Thread(target=pump, args=(out, s), daemon=True)
            back.start()
            pump(s, out)
            back.join()
            out.close()
            return None
        return reply(s, code)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: socks5.py PORT USER PASSWORD")
    server = Server(("127.0.0.1", int(sys.argv[1])), Handler)
    server.user, server.password = sys.argv[2].encode(), sys.argv[3].encode()
    print("socks5.py: listening on 127.0.0.1 port", sys.argv[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
