package dev.tcpstep.repl;

import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The prompt a person sees shows both endpoints' states as they change. The input is a
 * Mockito stand-in for the console: what matters is the prompt each read is asked with.
 */
class PromptTest {
    @Test
    void thePromptFollowsBothEndpointsStates() {
        Input input = mock(Input.class);
        when(input.interactive()).thenReturn(true);
        when(input.readLine(anyString())).thenReturn("server listen", "client send SYN seq=0", "step", null);
        Shell shell = new Shell(new PrintWriter(new StringWriter()), Style.PLAIN);
        shell.run(input);
        InOrder order = inOrder(input);
        order.verify(input).readLine("client CLOSED · server CLOSED > ");
        order.verify(input).readLine("client CLOSED · server LISTEN > ");
        order.verify(input).readLine("client SYN-SENT · server LISTEN > ");
        // the listener is shown apart from the connection it spawned
        order.verify(input).readLine("client SYN-SENT · server SYN-RECEIVED+LISTEN > ");
    }
}
