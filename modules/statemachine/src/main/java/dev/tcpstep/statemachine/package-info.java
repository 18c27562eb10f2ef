/** The RFC 9293 endpoint: host, connections, TCB, events. */
package dev.tcpstep.statemachine;
