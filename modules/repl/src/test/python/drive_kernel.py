"""Drives the tcpstep Jupyter kernel through jupyter_client, as JupyterLab would.

Usage: JUPYTER_PATH=... python3 drive_kernel.py KERNEL_NAME STDERR_LOG
Prints one line per check; exit 0 when all pass, 1 at the first failure (with what was seen).
Run by KernelJupyterTest; the kernelspec named KERNEL_NAME must be on JUPYTER_PATH.
"""
import base64
import os
import queue
import sys
import time

import jupyter_client
from jupyter_client.session import Session

name, log_path = sys.argv[1], sys.argv[2]
checks = 0


class Failed(Exception):
    pass


def check(cond, what, seen=None):
    global checks
    if not cond:
        raise Failed("FAIL: " + what + ("" if seen is None else "\n  seen: " + repr(seen)))
    checks += 1
    print("ok: " + what)


def run(kc, code, timeout=60):
    """Executes code; returns (execute_reply content, [iopub messages of this request])."""
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    outs = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
        outs.append(m)
    return reply["content"], outs


def text(outs):
    return "".join(m["content"]["text"] for m in outs if m["msg_type"] == "stream")


log = open(log_path, "w")
km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, stderr=log)
try:
    info = kc.kernel_info(reply=True, timeout=30)["content"]
    check(info["status"] == "ok" and info["protocol_version"] >= "5.3", "kernel_info: protocol 5.3", info)
    check(info["language_info"]["name"] == "tcpstep", "kernel_info: language tcpstep", info["language_info"])

    # execute: commands, one per line, output as a stream
    r, outs = run(kc, "new --isn 0,5000\nserver listen\nclient send SYN seq=0\nstep")
    check(r["status"] == "ok" and r["execution_count"] == 1, "execute: commands run, execution_count 1", r)
    check("SYN" in text(outs) and any(m["msg_type"] == "execute_input" for m in outs),
          "execute: stream output and execute_input", outs)

    # a diagram: display_data with SVG, PNG and text
    r, outs = run(kc, "diagram")
    d = [m["content"]["data"] for m in outs if m["msg_type"] == "display_data"]
    check(len(d) == 1, "diagram: one display_data", outs)
    d = d[0]
    check(d["image/svg+xml"].startswith("<svg") and "client" in d["text/plain"],
          "diagram: SVG and text/plain", list(d))
    check(base64.b64decode(d["image/png"])[:8] == b"\x89PNG\r\n\x1a\n", "diagram: a PNG", d.get("image/png", "")[:20])

    # Java cells: recognised without marking; a value shows as jshell shows it
    r, outs = run(kc, "var n = 6 * 7;\nn")
    check(r["status"] == "ok" and "n ==> 42" in text(outs), "java: a Java cell runs in JShell", (r, text(outs)))
    r, outs = run(kc, "%%java\nsim.client().state()")
    check(r["status"] == "ok" and "SYN_SENT" in text(outs).replace("-", "_"), "java: %%java, and `sim` is the session",
          text(outs))

    # errors: a command error with its caret, a Java compile error; no Java stack
    r, outs = run(kc, "status\nclient snd SYN")
    errs = [m["content"] for m in outs if m["msg_type"] == "error"]
    check(r["status"] == "error" and len(errs) == 1, "error: a failing command is an error message", (r, outs))
    tb = "\n".join(errs[0]["traceback"])
    check("client snd SYN" in tb and "^" in tb and "snd" in errs[0]["evalue"], "error: the line, a caret, the message", tb)
    check("at dev.tcpstep" not in tb and "Exception" not in tb, "error: no Java stack trace", tb)
    check(text(outs).strip() != "" and "snd" not in text(outs), "error: what ran before the failure prints as a stream", text(outs))
    r, outs = run(kc, "int x = \"text\";")
    errs = [m["content"] for m in outs if m["msg_type"] == "error"]
    check(r["status"] == "error" and errs and errs[0]["ename"] == "CompileError" and "^" in "\n".join(errs[0]["traceback"]),
          "error: a Java compile error with its caret", (r, errs))

    # complete: from the command table
    kc.complete("client se", 9)
    c = kc.get_shell_msg(timeout=30)["content"]
    check(c["status"] == "ok" and c["matches"] == ["send"] and c["cursor_start"] == 7 and c["cursor_end"] == 9,
          "complete: `client se` -> send", c)
    kc.complete("dia", 3)
    c = kc.get_shell_msg(timeout=30)["content"]
    check("diagram" in c["matches"] and c["cursor_start"] == 0, "complete: a command name", c)

    # complete and inspect in a Java cell: JShell's own suggestions and signatures
    kc.complete("var n2 = 1;\nsim.cli", 18)
    c = kc.get_shell_msg(timeout=30)["content"]
    check(any(m.startswith("client(") for m in c["matches"]) and c["cursor_start"] == 16, "complete: Java, from JShell", c)
    kc.inspect("%%java\nMath.max(1, 2)", 16)  # just after the parenthesis, where Shift-Tab is pressed
    c = kc.get_shell_msg(timeout=30)["content"]
    check(c["found"] and "max(" in c["data"]["text/plain"], "inspect: Java signatures", c)

    # inspect: exactly what `help <command>` prints
    r, outs = run(kc, "help send")
    kc.inspect("client send SYN seq=0", 8)
    c = kc.get_shell_msg(timeout=30)["content"]
    check(c["found"] and c["data"]["text/plain"] == text(outs), "inspect: `help send`'s text", (c, text(outs)))

    # is_complete: multi-line Java
    for code, want in [("for (int i = 0; i < 3; i++) {", "incomplete"), ("int y = 1;", "complete"),
                       ("status", "complete"), ("client write \"open quote", "invalid")]:
        kc.is_complete(code)
        c = kc.get_shell_msg(timeout=30)["content"]
        check(c["status"] == want, "is_complete: %r is %s" % (code, want), c)

    # interrupt: an endless Java loop stops, the kernel lives on
    msg_id = kc.execute("%%java\nlong spins = 0;\nwhile (true) { spins++; }")
    time.sleep(2)
    t = time.time()
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=30)
    check(reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "error"
          and reply["content"]["ename"] == "Interrupted", "interrupt: the endless loop stops", reply["content"])
    print("  (stopped %.2f s after the interrupt)" % (time.time() - t))
    r, outs = run(kc, "1 + 1")
    check(r["status"] == "ok" and "==> 2" in text(outs), "interrupt: the kernel runs the next cell", text(outs))

    # a message with a wrong signature is dropped (no reply) and logged
    bad = Session(key=b"not-the-key", username="intruder")
    bad.send(kc.shell_channel.socket, "kernel_info_request", {})
    try:
        m = kc.get_shell_msg(timeout=3)
        check(False, "signature: a badly signed message gets no reply", m)
    except queue.Empty:
        check(True, "signature: a badly signed message gets no reply")
    check(kc.kernel_info(reply=True, timeout=30)["content"]["status"] == "ok",
          "signature: good messages still answered")
    log.flush()
    with open(log_path) as f:
        logged = f.read()
    check("bad signature" in logged, "signature: the drop is logged", logged)

    # restart: a fresh session, execution count from 1
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=60)
    r, outs = run(kc, "status")
    check(r["status"] == "ok" and r["execution_count"] == 1, "restart: a new session", r)
    r, outs = run(kc, "n")
    check(r["status"] == "error", "restart: the old Java variables are gone", r)
    # shutdown: the kernel answers and exits by itself (not killed)
    proc = km.provisioner.process
    km.shutdown_kernel(now=False)
    check(proc.poll() == 0, "shutdown: the kernel exits with status 0", proc.poll())

    # `quit` in a cell ends the session: the front end is asked to close, and the kernel exits
    kc.stop_channels()
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, stderr=log)
    proc = km.provisioner.process
    r, outs = run(kc, "quit")
    check(r["status"] == "ok" and r["payload"] == [{"source": "ask_exit", "keepkernel": False}],
          "quit: the reply asks the front end to close", r)
    check(proc.wait(timeout=30) == 0, "quit: the kernel exits by itself, status 0", proc.poll())
    print("all %d checks passed" % checks, flush=True)
    code = 0
except Failed as f:
    print(str(f), flush=True)
    code = 1
finally:
    if km.is_alive():
        km.shutdown_kernel(now=True)  # never leave a kernel behind
    kc.stop_channels()
# Not sys.exit: jupyter_client's finalizers print noise at interpreter exit.
os._exit(code)
