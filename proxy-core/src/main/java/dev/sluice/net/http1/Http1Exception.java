package dev.sluice.net.http1;

/**
 * Invalid HTTP/1 input: a short plain-English reason and the status a client should get for it
 * (responses are always answered 502). Thrown by {@link Framing}'s checks; the decoders turn it
 * into a {@link DecodeFailure}. It carries no stack trace (a hostile peer can cause many).
 */
public final class Http1Exception extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public Http1Exception(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return getMessage();
    }

    public DecodeFailure toFailure() {
        return new DecodeFailure(status, getMessage());
    }
}
