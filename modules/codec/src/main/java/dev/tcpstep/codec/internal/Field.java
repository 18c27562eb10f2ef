package dev.tcpstep.codec.internal;

/**
 * Every byte offset and length the codec uses, in one place (STYLE.md: no literal offsets
 * outside one holder). Offsets are relative to the start of the header they belong to.
 */
public final class Field {
    private Field() {
    }

    /** IPv4 header, RFC 791 §3.1. */
    public static final class Ip4 {
        public static final int VERSION_IHL = 0;
        public static final int TOS = 1;
        public static final int TOTAL_LENGTH = 2;
        public static final int IDENTIFICATION = 4;
        public static final int FLAGS_FRAGMENT = 6;
        public static final int TTL = 8;
        public static final int PROTOCOL = 9;
        public static final int CHECKSUM = 10;
        public static final int SRC = 12;
        public static final int DST = 16;
        public static final int MIN_HEADER = 20;
        public static final int MAX_HEADER = 60;
        public static final int ADDRESS = 4;
        public static final int FLAG_RESERVED = 0x8000;
        public static final int FLAG_DF = 0x4000;
        public static final int FLAG_MF = 0x2000;
        public static final int FRAGMENT_MASK = 0x1FFF;

        private Ip4() {
        }
    }

    /** IPv6 fixed header, RFC 8200 §3, and its extension headers (§4). */
    public static final class Ip6 {
        public static final int VERSION_CLASS_FLOW = 0;
        public static final int PAYLOAD_LENGTH = 4;
        public static final int NEXT_HEADER = 6;
        public static final int HOP_LIMIT = 7;
        public static final int SRC = 8;
        public static final int DST = 24;
        public static final int HEADER = 40;
        public static final int ADDRESS = 16;

        public static final int EXT_NEXT_HEADER = 0;
        public static final int EXT_LENGTH = 1;
        public static final int EXT_UNIT = 8;
        public static final int FRAGMENT_HEADER = 8;
        /** Fragment header: offset (13 bits), reserved (2), M flag (1), at byte 2. */
        public static final int FRAGMENT_OFFSET_FLAGS = 2;

        public static final int HOP_BY_HOP = 0;
        public static final int ROUTING = 43;
        public static final int FRAGMENT = 44;
        public static final int DESTINATION_OPTIONS = 60;
        public static final int NO_NEXT_HEADER = 59;

        private Ip6() {
        }
    }

    /** TCP header, RFC 9293 §3.1. */
    public static final class Tcp {
        public static final int SRC_PORT = 0;
        public static final int DST_PORT = 2;
        public static final int SEQ = 4;
        public static final int ACK = 8;
        /** Data offset (high nibble) and the four reserved bits (low nibble). */
        public static final int DATA_OFFSET = 12;
        public static final int FLAGS = 13;
        public static final int WINDOW = 14;
        public static final int CHECKSUM = 16;
        public static final int URGENT = 18;
        public static final int OPTIONS = 20;
        public static final int MIN_HEADER = 20;
        public static final int MAX_HEADER = 60;
        public static final int MIN_DATA_OFFSET = 5;
        public static final int MAX_OPTIONS = 40;
        public static final int PROTOCOL = 6;

        public static final int OPT_KIND = 0;
        public static final int OPT_LENGTH = 1;
        public static final int OPT_DATA = 2;
        public static final int OPT_MSS_LENGTH = 4;
        public static final int OPT_WSCALE_LENGTH = 3;
        public static final int OPT_SACK_PERMITTED_LENGTH = 2;
        public static final int OPT_SACK_BLOCK = 8;
        public static final int OPT_TIMESTAMPS_LENGTH = 10;
        public static final int OPT_MD5_LENGTH = 18;

        private Tcp() {
        }
    }

    /** Classic pcap (draft-ietf-opsawg-pcap). */
    public static final class Pcap {
        public static final int MAGIC_MICROS = 0xA1B2C3D4;
        public static final int MAGIC_NANOS = 0xA1B23C4D;
        public static final int FILE_HEADER = 24;
        public static final int VERSION_MAJOR = 4;
        public static final int VERSION_MINOR = 6;
        public static final int SNAPLEN = 16;
        public static final int LINK_TYPE = 20;
        public static final int RECORD_HEADER = 16;
        public static final int REC_SECONDS = 0;
        public static final int REC_FRACTION = 4;
        public static final int REC_CAPTURED = 8;
        public static final int REC_ORIGINAL = 12;

        private Pcap() {
        }
    }

    /** pcapng (draft-ietf-opsawg-pcapng). */
    public static final class Pcapng {
        public static final int SHB = 0x0A0D0D0A;
        public static final int IDB = 0x00000001;
        public static final int SPB = 0x00000003;
        public static final int EPB = 0x00000006;
        public static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
        public static final int BLOCK_HEADER = 8;
        public static final int BLOCK_TRAILER = 4;
        public static final int SHB_BODY = 16;
        public static final int IDB_LINK_TYPE = 0;
        public static final int IDB_SNAPLEN = 4;
        public static final int IDB_BODY = 8;
        public static final int EPB_INTERFACE = 0;
        public static final int EPB_TS_HIGH = 4;
        public static final int EPB_TS_LOW = 8;
        public static final int EPB_CAPTURED = 12;
        public static final int EPB_ORIGINAL = 16;
        public static final int EPB_BODY = 20;
        public static final int SPB_ORIGINAL = 0;
        public static final int SPB_BODY = 4;
        public static final int OPT_END = 0;
        public static final int OPT_COMMENT = 1;
        public static final int OPT_SHB_USERAPPL = 4;
        public static final int OPT_IF_TSRESOL = 9;
        public static final int OPTION_HEADER = 4;

        private Pcapng() {
        }
    }

    /** Link-layer headers in front of the IP packet. */
    public static final class Link {
        public static final int ETHERNET_HEADER = 14;
        public static final int ETHERNET_TYPE = 12;
        public static final int VLAN_TAG = 4;
        public static final int ETHERTYPE_IPV4 = 0x0800;
        public static final int ETHERTYPE_IPV6 = 0x86DD;
        public static final int ETHERTYPE_VLAN = 0x8100;
        public static final int ETHERTYPE_QINQ = 0x88A8;
        public static final int NULL_HEADER = 4;
        public static final int SLL_HEADER = 16;
        public static final int SLL_PROTOCOL = 14;
        public static final int SLL2_HEADER = 20;
        public static final int SLL2_PROTOCOL = 0;

        private Link() {
        }
    }
}
