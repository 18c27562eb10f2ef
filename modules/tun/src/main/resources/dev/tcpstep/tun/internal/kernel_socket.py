# tcpstep kernel-side socket program: one Linux TCP socket, driven line by line on stdin.
# Runs inside the tcpstep network namespace (ip netns exec). Every command answers with
# one line on stdout: "ok ..." or "err <Exception> <errno> <text>". Written for tcpstep.
import binascii, socket, struct, sys, time

lsock = None
conn = None

def out(*words):
    sys.stdout.write(" ".join(str(w) for w in words) + "\n")
    sys.stdout.flush()

def family(f):
    return socket.AF_INET6 if f == "6" else socket.AF_INET

def info(s):
    # struct tcp_info (linux/tcp.h): 8 u8 fields, then u32 fields.
    raw = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    b = struct.unpack_from("8B", raw, 0)
    u = struct.unpack_from("24I", raw, 8)
    names = ["rto", "ato", "snd_mss", "rcv_mss", "unacked", "sacked", "lost", "retrans", "fackets",
             "last_data_sent", "last_ack_sent", "last_data_recv", "last_ack_recv", "pmtu", "rcv_ssthresh",
             "rtt", "rttvar", "snd_ssthresh", "snd_cwnd", "advmss", "reordering", "rcv_rtt", "rcv_space",
             "total_retrans"]
    fields = ["state=%d" % b[0], "retransmits=%d" % b[2], "options=%d" % b[5],
              "snd_wscale=%d" % (b[6] & 0x0F), "rcv_wscale=%d" % (b[6] >> 4)]
    fields += ["%s=%d" % (n, v) for n, v in zip(names, u)]
    return fields

def handle(p):
    global lsock, conn
    cmd = p[0]
    if cmd == "listen":            # listen FAMILY ADDR PORT [MSS]
        lsock = socket.socket(family(p[1]), socket.SOCK_STREAM)
        lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if len(p) > 4:
            lsock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, int(p[4]))
        lsock.bind((p[2], int(p[3])))
        lsock.listen(8)
        out("ok", "listening", lsock.getsockname()[1])
    elif cmd == "accept":          # accept TIMEOUT_S
        lsock.settimeout(float(p[1]))
        conn, peer = lsock.accept()
        conn.settimeout(None)
        out("ok", "accepted", peer[0], peer[1])
    elif cmd == "connect":         # connect FAMILY ADDR PORT TIMEOUT_S [LOCAL_PORT]
        conn = socket.socket(family(p[1]), socket.SOCK_STREAM)
        if len(p) > 5:
            conn.bind(("", int(p[5])))
        conn.settimeout(float(p[4]))
        conn.connect((p[2], int(p[3])))
        conn.settimeout(None)
        out("ok", "connected", conn.getsockname()[1])
    elif cmd == "send":            # send HEX
        data = binascii.unhexlify(p[1])
        conn.sendall(data)
        out("ok", "sent", len(data))
    elif cmd == "recv":            # recv N TIMEOUT_S: until N bytes, EOF or the timeout
        want, deadline = int(p[1]), time.monotonic() + float(p[2])
        buf, eof = b"", False
        while len(buf) < want:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            conn.settimeout(left)
            try:
                chunk = conn.recv(want - len(buf))
            except socket.timeout:
                break
            if not chunk:
                eof = True
                break
            buf += chunk
        conn.settimeout(None)
        out("ok", "data", binascii.hexlify(buf).decode() or "-", "eof" if eof else "open")
    elif cmd == "shutdown":        # half close: FIN
        conn.shutdown(socket.SHUT_WR)
        out("ok", "shutdown")
    elif cmd == "close":
        conn.close()
        conn = None
        out("ok", "closed")
    elif cmd == "abort":           # SO_LINGER {on, 0}: close(2) sends RST
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
        conn = None
        out("ok", "aborted")
    elif cmd == "lclose":          # close the listening socket
        lsock.close()
        lsock = None
        out("ok", "closed")
    elif cmd == "soerror":         # getsockopt(SO_ERROR) on the connection
        out("ok", "soerror", conn.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) if conn else 0)
    elif cmd == "info":
        out("ok", "info", *info(conn))
    elif cmd == "ping":
        out("ok", "pong")
    else:
        out("err", "UnknownCommand", 0, cmd)

for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    if words[0] == "quit":
        break
    try:
        handle(words)
    except Exception as e:
        out("err", type(e).__name__, getattr(e, "errno", 0) or 0, str(e).replace("\n", " "))
