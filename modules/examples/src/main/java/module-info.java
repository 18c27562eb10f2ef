/**
 * Programs that use tcpstep's library modules as another project would: by {@code requires}
 * and through their exported API packages only (the {@code ...internal} packages are not
 * readable from here, so a mistake is a compile error).
 */
module dev.tcpstep.examples {
    requires dev.tcpstep.checksum;
    requires dev.tcpstep.codec;
    requires dev.tcpstep.statemachine;
    requires dev.tcpstep.link;
}
