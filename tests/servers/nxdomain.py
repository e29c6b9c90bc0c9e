#!/usr/bin/env python3
"""A name server that knows no names: every query on UDP ADDRESS port 53
gets NXDOMAIN (RFC 1035 RCODE 3) with its question echoed, the answer a
real resolver gives for a name under .invalid (RFC 6761).

It lets a test see a lookup fail the way it does in the field without
asking any server off the machine: test_name_not_resolved.sh runs it in a
network namespace of its own, where loopback is the only interface.

Usage: nxdomain.py ADDRESS READY_FILE   (standard library only; the file
is written once the socket is bound)
"""
import socket
import struct
import sys

HEADER = struct.Struct("!HHHHHH")
QR, RD, RA, NXDOMAIN = 0x8000, 0x0100, 0x0080, 3


def question_end(query):
    """The offset just past the first question (name, type, class)."""
    i = HEADER.size
    while query[i] != 0:
        i += 1 + query[i]
    return i + 1 + 4


def answer(query):
    ident, flags, qdcount, _, _, _ = HEADER.unpack_from(query)
    question = query[HEADER.size:question_end(query)] if qdcount else b""
    head = HEADER.pack(ident, QR | (flags & 0x7800) | (flags & RD) | RA | NXDOMAIN,
                       1 if question else 0, 0, 0, 0)
    return head + question


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((sys.argv[1], 53))
    with open(sys.argv[2], "w", encoding="ascii") as ready:
        ready.write("ready\n")
    while True:
        query, peer = sock.recvfrom(512)
        try:
            sock.sendto(answer(query), peer)
        except (IndexError, struct.error):
            pass  # not a query: no answer


if __name__ == "__main__":
    main()
