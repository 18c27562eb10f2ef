package dev.tcpstep.repl.kernel;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The Jupyter wire format: a message is the routing identities, the delimiter
 * {@code <IDS|MSG>}, an HMAC signature, then four JSON frames (header, parent header,
 * metadata, content) and optional binary buffers. The signature is HMAC-SHA256 (the
 * connection file's {@code signature_scheme}) over the four JSON frames, in hex; an empty
 * key means messages are not signed.
 */
final class Wire {
    static final String PROTOCOL_VERSION = "5.3";
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One message: who sent it (ROUTER identities), and its four JSON parts. */
    record Message(List<byte[]> identities, ObjectNode header, ObjectNode parent, ObjectNode metadata,
                   ObjectNode content) {
        String type() {
            return header.path("msg_type").asString("");
        }
    }

    /** A frame list that could not be used: why, for the kernel's log. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String why) {
            super(why);
        }
    }

    private final byte[] key;
    private final String session = UUID.randomUUID().toString();

    /** {@code key}: the connection file's key (empty: no signing); only hmac-sha256 is offered. */
    Wire(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    String session() {
        return session;
    }

    /** The hex HMAC-SHA256 of the four JSON frames; "" without a key. */
    String sign(byte[]... parts) {
        if (key.length == 0) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** Splits and checks received frames; throws when the signature or the JSON is wrong. */
    Message decode(List<byte[]> frames) throws Rejected {
        int d = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (java.util.Arrays.equals(frames.get(i), DELIMITER)) {
                d = i;
                break;
            }
        }
        if (d < 0 || frames.size() < d + 6) {
            throw new Rejected("not a Jupyter message (" + frames.size() + " frames, "
                    + (d < 0 ? "no <IDS|MSG> delimiter" : "fewer than 5 after the delimiter") + ")");
        }
        byte[] signature = frames.get(d + 1);
        byte[][] json = {frames.get(d + 2), frames.get(d + 3), frames.get(d + 4), frames.get(d + 5)};
        String expected = sign(json);
        // Constant-time comparison: the signature is a secret-derived value.
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature)) {
            throw new Rejected("bad signature (HMAC-SHA256 with the connection file's key does not match)");
        }
        ObjectNode[] parts = new ObjectNode[4];
        String[] names = {"header", "parent_header", "metadata", "content"};
        for (int i = 0; i < 4; i++) {
            try {
                JsonNode n = JSON.readTree(json[i]);
                if (n == null || !n.isObject()) {
                    throw new Rejected(names[i] + " is not a JSON object");
                }
                parts[i] = (ObjectNode) n;
            } catch (JacksonException e) {
                throw new Rejected(names[i] + " is not JSON: " + e.getOriginalMessage());
            }
        }
        return new Message(new ArrayList<>(frames.subList(0, d)), parts[0], parts[1], parts[2], parts[3]);
    }

    /** A new message of {@code type} answering {@code parent} (null: none). */
    Message reply(Message parent, String type, ObjectNode content) {
        ObjectNode h = NODES.objectNode();
        h.put("msg_id", UUID.randomUUID().toString());
        h.put("session", session);
        h.put("username", "tcpstep");
        h.put("date", Instant.now().toString());
        h.put("msg_type", type);
        h.put("version", PROTOCOL_VERSION);
        return new Message(parent == null ? List.of() : parent.identities(), h,
                parent == null ? NODES.objectNode() : parent.header().deepCopy(), NODES.objectNode(), content);
    }

    /** The frames to send: identities (or {@code topic} for IOPub), delimiter, signature, JSON. */
    List<byte[]> encode(Message m, byte[] topic) {
        byte[][] json = {bytes(m.header()), bytes(m.parent()), bytes(m.metadata()), bytes(m.content())};
        List<byte[]> frames = new ArrayList<>();
        if (topic != null) {
            frames.add(topic);
        } else {
            frames.addAll(m.identities());
        }
        frames.add(DELIMITER);
        frames.add(sign(json).getBytes(StandardCharsets.US_ASCII));
        for (byte[] j : json) {
            frames.add(j);
        }
        return frames;
    }

    private static byte[] bytes(JsonNode n) {
        return JSON.writeValueAsBytes(n);
    }
}
