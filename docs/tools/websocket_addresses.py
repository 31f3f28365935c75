# Opens PER connections to /graphql-ws from each of ADDRS loopback addresses (127.0.0.2, 127.0.0.3, ...), raw sockets,
# each initialised (connection_init); prints how many were acknowledged and how many refused (status and first body),
# then holds them. python3 docs/tools/websocket_addresses.py ADDRS PER HOLD_SECONDS [PORT] (docs/measurements.md).
import socket, sys, os, base64, struct, time
addrs, per, hold, port = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 18080
def frame(text):
    data = text.encode(); mask = os.urandom(4)
    head = bytes([0x81, 0x80 | len(data)]) + mask
    return head + bytes(b ^ mask[i % 4] for i, b in enumerate(data))
held, ok, refused, first = [], 0, {}, {}
for a in range(addrs):
    src = "127.0.0.%d" % (a + 2)
    for _ in range(per):
        s = socket.socket(); s.bind((src, 0)); s.connect(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall(("GET /graphql-ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n" % key).encode())
        resp = b""
        while b"\r\n\r\n" not in resp: resp += s.recv(4096)
        status = resp.split(b" ", 2)[1].decode()
        if status != "101":
            refused[status] = refused.get(status, 0) + 1
            body = resp.split(b"\r\n\r\n", 1)[1]
            if status not in first: first[status] = body[:200].decode(errors="replace")
            s.close(); continue
        s.sendall(frame('{"type":"connection_init"}'))
        got = s.recv(4096)
        if b"connection_ack" in got: ok += 1; held.append(s)
        else: refused["closed:" + got[:40].hex()] = refused.get("closed:" + got[:40].hex(), 0) + 1
print("addresses %d x %d: acknowledged %d, refused %s, first %s" % (addrs, per, ok, refused, first), flush=True)
time.sleep(hold)
