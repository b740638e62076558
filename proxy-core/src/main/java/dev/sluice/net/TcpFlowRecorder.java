package dev.sluice.net;

import dev.sluice.Sluice;
import dev.sluice.addon.Hook;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.flow.FlowError;
import dev.sluice.flow.Ids;
import dev.sluice.flow.ServerConn;
import dev.sluice.flow.StreamMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * A relayed tunnel recorded as a {@code tcp} flow (tls.md §7: raw TCP, {@code tcp_hosts},
 * passed-through hosts with {@code show_ignored_hosts}): each read becomes a message, and the
 * {@code tcpStart}, {@code tcpMessage}, {@code tcpEnd} / {@code tcpError} hooks run on the
 * tunnel's event loop. Killing the flow closes the tunnel at its next message.
 *
 * <p>Bounded: a flow keeps at most {@value #CONTENT_CAP} bytes of content and
 * {@value #MESSAGE_CAP} messages; past either, messages are no longer recorded (a message that
 * crosses the content cap is cut), and the flow's metadata says so ({@code tcp_truncated}) and
 * counts every byte relayed each way ({@code tcp_bytes_from_client}, {@code tcp_bytes_from_server}).
 */
final class TcpFlowRecorder {
    static final int CONTENT_CAP = 1024 * 1024;
    static final int MESSAGE_CAP = 10_000;

    private final Sluice sluice;
    private final Flow flow;
    private final Channel client;
    private long keptBytes;
    private int messages;
    private long fromClient;
    private long fromServer;
    private boolean truncated;
    private boolean ended;

    private TcpFlowRecorder(Sluice sluice, Flow flow, Channel client) {
        this.sluice = sluice;
        this.flow = flow;
        this.client = client;
    }

    /** Creates the flow, publishes it and runs {@code tcpStart}; call on the client's event loop. */
    static TcpFlowRecorder start(Sluice sluice, Channel client, ClientConn clientConn, ServerConn serverConn) {
        Flow flow = new Flow(Ids.next(), Flow.Type.TCP, clientConn, serverConn, null, true, Flow.now());
        flow.attach(client.eventLoop());
        TcpFlowRecorder recorder = new TcpFlowRecorder(sluice, flow, client);
        sluice.flows().add(flow);
        sluice.addons().run(Hook.TCP_START, flow, () -> { });
        return recorder;
    }

    Flow flow() {
        return flow;
    }

    /** Records bytes read from one side before they are passed on; the buffer is left as it is. */
    void message(boolean fromClientSide, ByteBuf bytes) {
        int size = bytes.readableBytes();
        if (fromClientSide) fromClient += size;
        else fromServer += size;
        if (flow.isKilled()) {
            client.close(); // the relay closes the server with it
            return;
        }
        if (messages >= MESSAGE_CAP || keptBytes >= CONTENT_CAP) {
            truncated = true;
            return;
        }
        int kept = (int) Math.min(size, CONTENT_CAP - keptBytes);
        if (kept < size) truncated = true;
        keptBytes += kept;
        messages++;
        flow.addMessage(new StreamMessage(fromClientSide, FlowBridge.copy(bytes.slice(bytes.readerIndex(), kept)), Flow.now()));
        sluice.flows().update(flow);
        sluice.addons().run(Hook.TCP_MESSAGE, flow, () -> { });
    }

    /** A side failed: the flow ends with this error. */
    void failed(Throwable cause) {
        if (flow.error() == null) flow.setError(FlowError.now(Upstream.reason(cause)));
    }

    /** Both sides are closed: runs {@code tcpEnd}, or {@code tcpError} when it failed or was killed; once. */
    void ended() {
        if (ended) return;
        ended = true;
        synchronized (flow.metadata()) { // snapshots copy it from other threads
            flow.metadata().put("tcp_bytes_from_client", fromClient);
            flow.metadata().put("tcp_bytes_from_server", fromServer);
            if (truncated) flow.metadata().put("tcp_truncated", true);
        }
        if (flow.server() != null) flow.server().setTimestampEnd(Flow.now());
        flow.setLive(false);
        sluice.flows().update(flow);
        sluice.addons().run(flow.error() != null ? Hook.TCP_ERROR : Hook.TCP_END, flow, () -> { });
    }
}
