/**
 * The tcpstep application: the JLine shell and the command-line verbs. Not a library:
 * it exports nothing.
 */
module dev.tcpstep.repl {
    requires dev.tcpstep.checksum;
    requires dev.tcpstep.codec;
    requires dev.tcpstep.link;
    requires dev.tcpstep.tun;
    requires dev.tcpstep.packetdrill;
    requires org.jline.reader;
    requires org.jline.terminal;
    requires tools.jackson.databind;
    requires jdk.jshell;
    requires org.zeromq.jeromq;
    requires java.desktop;
    requires java.xml;
}
