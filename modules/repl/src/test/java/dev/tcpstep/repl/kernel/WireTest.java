package dev.tcpstep.repl.kernel;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signsWithHmacSha256_rfc4231TestCase2() {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?" (split across frames as Jupyter would).
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                new Wire("Jefe").sign(b("what do ya "), b("want "), b("for nothing"), b("?")));
    }

    @Test
    void noKey_noSignature() {
        assertEquals("", new Wire("").sign(b("{}"), b("{}"), b("{}"), b("{}")));
    }

    static List<byte[]> request(Wire w, String type) {
        ObjectNode content = Wire.NODES.objectNode();
        content.put("code", "status");
        Wire.Message m = w.reply(null, type, content);
        List<byte[]> frames = new ArrayList<>();
        frames.add(b("client-identity"));
        frames.addAll(w.encode(m, null));
        return frames;
    }

    @Test
    void roundTrip_keepsIdentitiesAndParts() throws Exception {
        Wire w = new Wire("secret");
        Wire.Message m = w.decode(request(w, "execute_request"));
        assertEquals("execute_request", m.type());
        assertEquals("status", m.content().path("code").asString());
        assertArrayEquals(b("client-identity"), m.identities().getFirst());
        Wire.Message r = w.reply(m, "execute_reply", Wire.NODES.objectNode());
        assertEquals(m.header().path("msg_id").asString(), r.parent().path("msg_id").asString());
        assertEquals("5.3", r.header().path("version").asString());
        assertArrayEquals(b("client-identity"), w.encode(r, null).getFirst());
    }

    @Test
    void wrongKey_rejected() {
        List<byte[]> frames = request(new Wire("not-the-key"), "kernel_info_request");
        Wire.Rejected e = assertThrows(Wire.Rejected.class, () -> new Wire("secret").decode(frames));
        assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
    }

    @Test
    void tamperedContent_rejected() {
        Wire w = new Wire("secret");
        List<byte[]> frames = request(w, "execute_request");
        frames.set(frames.size() - 1, b("{\"code\":\"quit\"}")); // content changed after signing
        assertThrows(Wire.Rejected.class, () -> w.decode(frames));
    }

    @Test
    void notAMessage_rejectedWithReason() {
        Wire w = new Wire("");
        Wire.Rejected e = assertThrows(Wire.Rejected.class, () -> w.decode(List.of(b("hello"))));
        assertTrue(e.getMessage().contains("no <IDS|MSG> delimiter"), e.getMessage());
        List<byte[]> frames = new ArrayList<>(List.of(b("<IDS|MSG>"), b(""), b("[]"), b("{}"), b("{}"), b("{}")));
        e = assertThrows(Wire.Rejected.class, () -> w.decode(frames));
        assertTrue(e.getMessage().contains("header is not a JSON object"), e.getMessage());
    }
}
