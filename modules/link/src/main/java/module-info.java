/**
 * The link: a virtual clock and discrete-event scheduler, a virtual wire that carries
 * real encoded bytes with seeded impairments, the two-host {@code Simulation}, and one
 * ordered trace of everything that happened.
 */
module dev.tcpstep.link {
    requires transitive dev.tcpstep.statemachine;

    exports dev.tcpstep.link;
}
