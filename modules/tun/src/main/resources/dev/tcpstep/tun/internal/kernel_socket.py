# tcpstep kernel-side socket program: one Linux TCP socket, driven line by line on stdin.
# Runs inside the tcpstep network namespace (ip netns exec). Every command answers with
# one line on stdout: "ok ..." or "err <Exception> <errno> <text>". Written for tcpstep.
import binascii, errno, select, socket, struct, sys, time

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

class NoConnection(Exception):
    pass

def need_conn():
    # A command on the connection before there is one says so (not "'NoneType' object has no attribute").
    if conn is None:
        if lsock is not None:
            raise NoConnection("no accepted connection yet: the listener has not completed a handshake")
        raise NoConnection("no connection: listen and accept, or connect, first")
    if conn_state() == 2:
        raise NoConnection("connect() is still in progress: the handshake is not complete (SYN-SENT)")
    return conn

def conn_state():
    return struct.unpack_from("B", conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104), 0)[0]

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
    elif cmd == "tryaccept":       # accept(2) if a connection is ready, else "none"; "accepted" again if one was
        if conn is None:
            if lsock is None:
                raise NoConnection("not listening")
            ready, _, _ = select.select([lsock], [], [], 0)
            if not ready:
                out("ok", "none")
                return
            conn, _ = lsock.accept()
            conn.settimeout(None)
        peer = conn.getpeername()
        out("ok", "accepted", peer[0], peer[1])
    elif cmd == "connectnb":       # connectnb FAMILY ADDR PORT LOCAL_PORT: starts connect(2), returns at once
        conn = socket.socket(family(p[1]), socket.SOCK_STREAM)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        conn.bind(("", int(p[4])))
        conn.setblocking(False)
        e = conn.connect_ex((p[2], int(p[3])))
        if e not in (0, errno.EINPROGRESS):
            conn.close()
            conn = None
            raise OSError(e, "connect: " + errno.errorcode.get(e, str(e)))
        conn.setblocking(True)
        out("ok", "connecting", int(p[4]))
    elif cmd == "state":           # TCP_INFO's state of the connection (0 when there is none)
        out("ok", "state", conn_state() if conn is not None else 0)
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
        need_conn().sendall(data)
        out("ok", "sent", len(data))
    elif cmd == "recv":            # recv N TIMEOUT_S: until N bytes, EOF or the timeout
        need_conn()
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
        need_conn().shutdown(socket.SHUT_WR)
        out("ok", "shutdown")
    elif cmd == "close":
        if conn is None:
            need_conn()
        conn.close()
        conn = None
        out("ok", "closed")
    elif cmd == "abort":           # SO_LINGER {on, 0}: close(2) sends RST
        if conn is None:
            need_conn()
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
        if conn is None:
            need_conn()
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
