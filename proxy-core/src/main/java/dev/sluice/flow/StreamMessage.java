package dev.sluice.flow;

/**
 * One message of a WebSocket (on an upgraded HTTP flow) or of a raw TCP flow, as recorded:
 * its direction, its payload (text messages as UTF-8) and when it passed.
 */
public record StreamMessage(boolean fromClient, byte[] content, double timestamp) {
    public StreamMessage {
        if (content == null) throw new NullPointerException("content");
    }
}
