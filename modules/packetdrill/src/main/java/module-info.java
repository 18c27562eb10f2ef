/**
 * packetdrill scripts: a parser for the language as public suites use it, and one runner
 * in which the script plays the remote peer against a system under test reached through
 * a {@code dev.tcpstep.link.Link}: tcpstep's endpoint on a simulated link, or the Linux
 * kernel through the TUN link.
 */
module dev.tcpstep.packetdrill {
    requires transitive dev.tcpstep.link;
    requires dev.tcpstep.tun;

    exports dev.tcpstep.packetdrill;
}
