package dev.tcpstep.packetdrill;

import dev.tcpstep.packetdrill.Script.PacketStep;
import dev.tcpstep.packetdrill.Script.SyscallStep;
import dev.tcpstep.packetdrill.Script.Timing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptParserTest {
    static Script parse(String text, String... defined) throws ScriptSyntaxException {
        return ScriptParser.parse("t.pkt", text, Set.of(defined));
    }

    @Test
    void packetLine_allFields() throws Exception {
        Script s = parse("+0.1 < S. 0:0(0) ack 1 win 32792 <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>\n");
        PacketStep p = assertInstanceOf(PacketStep.class, s.steps().getFirst());
        assertTrue(p.inbound());
        assertEquals(new Timing(Timing.Kind.RELATIVE, 100_000, 100_000), p.timing());
        assertEquals("S.", p.packet().flags());
        assertEquals(1L, p.packet().ack());
        assertEquals(32792, p.packet().window());
        assertEquals(List.of("mss", "sackOK", "TS", "nop", "wscale"),
                p.packet().options().stream().map(Script.OptionSpec::kind).toList());
        assertEquals(List.of(100L, 0L), p.packet().options().get(2).values());
        assertEquals("S. 0:0(0) ack 1 win 32792 <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>", p.packet().text());
    }

    @Test
    void outboundPacket_anyOptions_anyTime_andSackBlocks() throws Exception {
        Script s = parse("* > P. 1:1001(1000) ack 1 <...>\n0.5~0.7 > . 1:1(0) ack 1 <nop,nop,sack 1001:2001 3001:4001>\n");
        PacketStep a = (PacketStep) s.steps().get(0);
        assertEquals(Timing.ANY, a.timing());
        assertTrue(a.packet().anyOptions());
        assertNull(a.packet().window());
        PacketStep b = (PacketStep) s.steps().get(1);
        assertEquals(new Timing(Timing.Kind.ABSOLUTE, 500_000, 700_000), b.timing());
        assertEquals(List.of(1001L, 2001L, 3001L, 4001L), b.packet().options().get(2).values());
    }

    @Test
    void syscalls_withStructsListsFlagsAndErrno() throws Exception {
        Script s = parse("""
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0
                +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
                +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
                0.1...0.3 accept(3, ..., ...) = 4
                """);
        SyscallStep linger = (SyscallStep) s.steps().get(1);
        Script.StructExpr st = assertInstanceOf(Script.StructExpr.class, linger.args().get(3));
        assertEquals(new Script.Num(0), st.get("linger"));
        SyscallStep fcntl = (SyscallStep) s.steps().get(2);
        assertEquals("O_RDWR|O_NONBLOCK", fcntl.args().get(2).text());
        SyscallStep connect = (SyscallStep) s.steps().get(3);
        assertEquals(new Script.Num(-1), connect.result());
        assertEquals("EINPROGRESS", connect.errno());
        SyscallStep accept = (SyscallStep) s.steps().get(4);
        assertEquals(100_000, accept.timing().startMicros());
        assertEquals(300_000L, accept.returnMicros());
    }

    @Test
    void optionsCommentsShellAndIfdef() throws Exception {
        Script s = parse("""
                --tolerance_usecs=10000
                /* a comment
                   over lines */ 0 `sysctl -q net.ipv4.tcp_sack=0`   // and one at the end
                #ifdef linux
                +0 < S 0:0(0) win 1000
                #else
                +0 < S 0:0(0) win 2000
                #endif
                """, "linux");
        assertEquals("10000", s.options().get("tolerance_usecs"));
        Script.ShellStep sh = assertInstanceOf(Script.ShellStep.class, s.steps().get(0));
        assertEquals("sysctl -q net.ipv4.tcp_sack=0", sh.command());
        assertEquals(3, sh.line());
        assertEquals(18, sh.column());
        assertEquals(2, s.steps().size());
        assertEquals(1000, ((PacketStep) s.steps().get(1)).packet().window());
        Script other = parse("#ifdef linux\n+0 < S 0:0(0) win 1000\n#else\n+0 < S 0:0(0) win 2000\n#endif\n");
        assertEquals(2000, ((PacketStep) other.steps().getFirst()).packet().window());
    }

    @Test
    void constructsTcpstepCannotExpress_becomeUnsupportedSteps() throws Exception {
        Script s = parse("""
                0 < udp (1000)
                +0 < [ect0] S 0:0(0) win 1000
                +0 < S 0:0(0) win 1000 <md5 00112233>
                +0 %{ print("hi") }%
                """);
        assertEquals(4, s.steps().size());
        for (Script.Step st : s.steps()) {
            assertInstanceOf(Script.UnsupportedStep.class, st);
        }
        assertTrue(((Script.UnsupportedStep) s.steps().get(0)).reason().contains("UDP"));
        assertTrue(((Script.UnsupportedStep) s.steps().get(2)).reason().contains("md5"));
        assertTrue(Runner.unsupported(s).startsWith("line 1: UDP"));
    }

    /** Malformed lines: each row is the script, the line and column, what was found and a word of what was expected. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // a flag letter packetdrill does not have
            "0 < Q 0:0(0) win 1000|1|5|'Q'|a flag",
            // start:end(length) that does not add up: 0 to 10 is 10 bytes
            "0 < P. 0:10(5) ack 1 win 1000|1|13|'5'|length 10",
            // '.' (ACK) on an inbound packet needs its number
            "0 < . 1:1(0) win 1000|1|22|end of line|'ack N'",
            // no time at all
            "< S 0:0(0) win 1000|1|1|'<'|a time",
            // an option tcpstep does not know
            "0 < S 0:0(0) win 1000 <mss 1000,bogus>|1|33|'bogus'|a TCP option",
            // window out of range
            "0 < S 0:0(0) win 70000|1|18|'70000'|a window 0..65535",
            // a system call without its result
            "0 socket(..., SOCK_STREAM, IPPROTO_TCP)|1|40|end of line|'= result'",
            // a result word that is not an errno name
            "0 connect(3, ..., ...) = -1 NOPE (x)|1|29|'NOPE'|an errno name",
            // an unterminated backtick command
            "0 `sysctl -q net.ipv4.tcp_sack=0|1|3|an unclosed '`'|a closing '`'",
            // a range whose end comes first
            "+0.2~+0.1 > S. 0:0(0) ack 1|1|7|'0.1'|a range end at or after 0.2",
            // a time with more precision than microseconds
            "0.0000001 < S 0:0(0) win 1|1|1|'0.0000001'|at most 6 decimals",
    })
    void malformed_failsWithLineColumnFoundExpected(String script, int line, int col, String found, String expected) {
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class, () -> parse(script + "\n"));
        assertEquals(line, e.line(), e::getMessage);
        assertEquals(col, e.column(), e::getMessage);
        assertEquals(found, e.found(), e::getMessage);
        assertTrue(e.expected().contains(expected), e::getMessage);
        assertTrue(e.getMessage().startsWith("t.pkt:" + line + ":" + col + ": found "), e::getMessage);
    }

    @Test
    void errorsOnLaterLines_countLinesAcrossComments() {
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class, () -> parse("""
                // fine
                /* still
                   fine */
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 listen(3, 1) == 0
                """));
        assertEquals(5, e.line());
        assertEquals(18, e.column(), "the second '=' is where an argument was expected");
        assertEquals("'='", e.found());
    }

    @Test
    void unbalancedBlocks_areErrors() {
        ScriptSyntaxException open = assertThrows(ScriptSyntaxException.class, () -> parse("#ifdef linux\n0 < S 0:0(0) win 1\n"));
        assertTrue(open.expected().contains("#endif"), open::getMessage);
        ScriptSyntaxException stray = assertThrows(ScriptSyntaxException.class, () -> parse("#endif\n"));
        assertEquals(1, stray.line());
        ScriptSyntaxException comment = assertThrows(ScriptSyntaxException.class, () -> parse("0 < S 0:0(0) /* open\n"));
        assertEquals(1, comment.line());
        assertEquals(14, comment.column());
    }

    @Test
    void shippedScripts_allParse() throws Exception {
        for (var p : ScriptSuiteTest.scripts()) {
            Script s = ScriptParser.parse(p, Set.of("tcpstep"));
            assertFalse(s.steps().isEmpty(), p.toString());
            assertNull(Runner.unsupported(s), p.toString());
        }
    }
}
