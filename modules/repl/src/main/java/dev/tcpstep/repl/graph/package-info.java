/**
 * Graphs a teacher puts on a slide: {@link dev.tcpstep.repl.graph.SeqGraph} (the
 * time-sequence graph of Stevens and tcptrace, drawn from the trace) and
 * {@link dev.tcpstep.repl.graph.CwndGraph} (cwnd, ssthresh and flight size over time, from
 * the samples a {@link dev.tcpstep.repl.graph.CongestionSampler} records). Each renders as
 * terminal lines fitted to a width (Unicode or ASCII) and as a standalone SVG picture with
 * titled axes, units, ticks and a legend. Pure renderers: nothing here reads a terminal or
 * writes a file.
 */
package dev.tcpstep.repl.graph;
