#!/usr/bin/env python3
"""Replays issue 14's hostile requests against a running stridecued, in a loop, on loopback.

    bench/hostile_soak.py --port-file FILE --seconds 1800 [--pause 0.05]

Each case is one request (or one misbehaving connection) that the daemon must refuse with a
clean status and survive: invalid UTF-8 in the path, a Content-Type and a body; numbers out of
range; an empty key; a rebinding Host; a cross-site form POST and Origin; control characters,
NUL and 60,000 characters in a runner id; a slowloris client; a flood of connections; malformed
HTTP. Nothing here changes the session when the daemon is right: every state-changing request
is one it must refuse. Prints the replies per case and status, and exits 1 if the daemon stopped
answering (a crash) or a case got no reply at all.
"""
import argparse
import collections
import socket
import sys
import time


def exchange(port, raw, timeout=3.0):
    """Sends raw bytes, returns the status code of the reply (0: none)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(raw)
        data = b""
        try:
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            return 0
    if not data.startswith(b"HTTP/1."):
        return 0
    return int(data.split(b" ", 2)[1])


def request(method, path, headers=None, body=b""):
    host = {"Host": "127.0.0.1"}
    lines = [f"{method} ".encode() + path + b" HTTP/1.1"]
    for k, v in {**host, **(headers or {})}.items():
        lines.append(k.encode() + b": " + (v if isinstance(v, bytes) else v.encode()))
    if body:
        lines.append(b"Content-Length: " + str(len(body)).encode())
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


JSON = {"Content-Type": "application/json"}

CASES = {
    "utf8 path": request("GET", b"/api/v1/st\xffatus"),
    "utf8 content-type": request("POST", b"/api/v1/session/start",
                                 {"Content-Type": b"text/\xfe\xff"}, b"{}"),
    "utf8 patch body": request("PATCH", b"/api/v1/settings", JSON, b'{"cue.volume": "\xff\xfe"}'),
    "1e400": request("PATCH", b"/api/v1/settings", JSON, b'{"cue.refractory_s": 1e400}'),
    "empty key": request("PATCH", b"/api/v1/settings", JSON, b'{"": 1}'),
    "malformed json": request("PATCH", b"/api/v1/settings", JSON, b'{"cue.volume": '),
    "rebinding host": request("PATCH", b"/api/v1/settings",
                              {**JSON, "Host": "attacker.example:7922"}, b'{"audio.volume": 0}'),
    "cross-site form": request("POST", b"/api/v1/session/stop",
                               {"Content-Type": "application/x-www-form-urlencoded",
                                "Origin": "http://attacker.example"}, b"a=1"),
    "foreign origin": request("POST", b"/api/v1/baseline/reset",
                              {**JSON, "Origin": "http://attacker.example"}, b"{}"),
    "ws foreign origin": request("GET", b"/api/v1/stream",
                                 {"Upgrade": "websocket", "Connection": "Upgrade",
                                  "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                                  "Sec-WebSocket-Version": "13",
                                  "Origin": "http://attacker.example"}),
    "runner id escape": request("POST", b"/api/v1/session/start", JSON,
                                b'{"runner_id": "\\u001b[2J\\nFAKE"}'),
    "runner id nul": request("POST", b"/api/v1/session/start", JSON, b'{"runner_id": "a\\u0000b"}'),
    "runner id long": request("POST", b"/api/v1/session/start", JSON,
                              b'{"runner_id": "' + b"x" * 60000 + b'"}'),
    "runner id path": request("POST", b"/api/v1/session/start", JSON,
                              b'{"runner_id": "../../etc/passwd"}'),
    "bad method": b"BREW /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "garbage": b"\x00\x01\x02 not http at all\r\n\r\n",
    "huge header": b"GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX: " + b"a" * 20000 +
                   b"\r\n\r\n",
    "status (fine)": request("GET", b"/api/v1/status"),
}


def slowloris(port, hold_s=1.0):
    """Opens a request and dribbles its headers; the daemon must not wait forever."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(b"GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        end = time.monotonic() + hold_s
        while time.monotonic() < end:
            s.sendall(b"X-a: b\r\n")
            time.sleep(0.2)
    return 1


def flood(port, n=80):
    """Opens n connections at once, each asking for the status; counts the replies."""
    socks = []
    for _ in range(n):
        try:
            socks.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError:
            pass
    for s in socks:
        try:
            s.sendall(request("GET", b"/api/v1/status"))
        except OSError:
            pass
    answered = 0
    for s in socks:
        try:
            if s.recv(12).startswith(b"HTTP/1.1"):
                answered += 1
        except OSError:
            pass
        s.close()
    return answered


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--seconds", type=float, default=1800)
    ap.add_argument("--pause", type=float, default=0.05)
    a = ap.parse_args()
    port = 0
    for _ in range(600):
        try:
            port = int(open(a.port_file).read().strip() or 0)
        except (OSError, ValueError):
            port = 0
        if port:
            break
        time.sleep(0.1)
    if not port:
        print("no port in", a.port_file)
        return 1
    replies = collections.defaultdict(collections.Counter)
    end = time.monotonic() + a.seconds
    rounds = 0
    no_reply = 0
    while time.monotonic() < end:
        for name, raw in CASES.items():
            try:
                replies[name][exchange(port, raw)] += 1
            except ConnectionRefusedError:
                print(f"daemon gone (connection refused) at case {name!r}, round {rounds}")
                return 1
            except OSError as e:
                replies[name][f"error {type(e).__name__}"] += 1
            time.sleep(a.pause)
        if rounds % 10 == 0:
            replies["slowloris"][slowloris(port)] += 1
            answered = flood(port)
            replies["flood of 80"][f"{answered} answered"] += 1
        rounds += 1
    print(f"{rounds} rounds of {len(CASES)} cases (+ a slowloris and a flood of 80 every 10th)")
    for name, c in replies.items():
        print(f"  {name:<20} " + ", ".join(f"{k}: {v}" for k, v in sorted(c.items(), key=str)))
        no_reply += c.get(0, 0)
    print(f"requests without any reply: {no_reply}")
    return 0 if no_reply == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
