/**
 * The tcpstep Jupyter kernel: {@link dev.tcpstep.repl.kernel.Kernel} speaks the Jupyter
 * messaging protocol 5.3 over ZeroMQ (JeroMQ) and runs each cell in one shell session;
 * {@link dev.tcpstep.repl.kernel.KernelVerb} is {@code tcpstep kernel install} and the
 * entry point Jupyter starts; {@code Wire} signs and checks messages; {@code CellKind}
 * tells a command cell from a Java cell; {@code CommandTable} is the kernel's one view of
 * the shell's command table (completion, help, what names a command).
 */
package dev.tcpstep.repl.kernel;
