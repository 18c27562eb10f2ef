package dev.tcpstep.repl;

import java.util.List;

/**
 * {@code tour}: the seed notes' example walked through in the live shell — client ISN 0,
 * server ISN 5000, the handshake typed by hand, data, the four-step close, TIME-WAIT,
 * then an RST. Each step says what is about to happen, shows the command as if typed, and
 * runs it through the same path typed input takes. At a terminal it waits for Enter.
 */
final class Tour {
    private Tour() {
    }

    record Step(String say, List<String> commands) {
    }

    static final List<Step> STEPS = List.of(
            new Step("A fresh session with the seed notes' numbers: client ISN 0, server ISN 5000. Both endpoints "
                    + "are manual: each shows what RFC 9293 would send, and we type it.",
                    List.of("new --isn 0,5000", "server listen")),
            new Step("Step 1, SYN: the client picks its initial sequence number (ISN) 0 and asks to synchronise.",
                    List.of("client send SYN seq=0", "step")),
            new Step("Step 2, SYN,ACK: the server's own ISN is 5000, and it acknowledges 1, not 0: a SYN occupies "
                    + "one sequence number (RFC 9293 §3.4), so the next number the server expects is 0 + 1.",
                    List.of("server send SYN,ACK seq=5000 ack=1", "step")),
            new Step("Step 3, ACK: the client's next number is 1 (its SYN used 0) and it expects 5001 from the "
                    + "server (the server's SYN used 5000). Both sides are now ESTABLISHED.",
                    List.of("client send ACK seq=1 ack=5001", "step", "status")),
            new Step("The seed notes say the next number is always \"seq + 1\". The real rule: SYN and FIN take one "
                    + "number each, data takes its length. Let the endpoints act by themselves and send 5 bytes: "
                    + "the ACK will say 6.",
                    List.of("auto on", "client write \"hello\"", "run", "server read")),
            new Step("Closing, the seed notes' four steps: A sends FIN, B ACKs it; B sends FIN, A ACKs it. "
                    + "The FIN also takes one number.",
                    List.of("client close", "run", "server close", "run", "status")),
            new Step("The side that closed first waits in TIME-WAIT for 2×MSL (4 minutes) so a lost last ACK can "
                    + "be repeated (RFC 9293 §3.6). Let the time pass.",
                    List.of("advance 4m", "status")),
            new Step("Last, an RST: a new connection, then the client aborts it. RST ends a connection at once, "
                    + "without the four steps.",
                    List.of("client connect", "run", "client abort", "run", "status")),
            new Step("The whole session as a ladder diagram. Try `explain #2`, `hex #1`, `checksum #4`, or `new` "
                    + "and type your own.",
                    List.of("diagram")));

    static void run(Shell shell) throws CommandException {
        Input in = shell.input();
        boolean wait = in != null && in.interactive();
        int n = 1;
        for (Step step : STEPS) {
            shell.out().println();
            shell.out().println(shell.style().heading("tour " + n + "/" + STEPS.size() + ": ") + step.say());
            for (String command : step.commands()) {
                shell.out().println(shell.style().command("tcpstep> " + command));
                shell.out().flush();
                shell.execute(command);
            }
            shell.out().flush();
            if (wait && n < STEPS.size()) {
                String answer = in.readLine("(Enter for the next step, q to stop) ");
                if (answer == null || answer.strip().equalsIgnoreCase("q")) {
                    shell.out().println("tour stopped; the session stays as it is.");
                    return;
                }
            }
            n++;
        }
    }
}
