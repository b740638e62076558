package dev.sluice.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One request and, when it exists, its response, plus error, connection facts, marker, comment
 * and metadata. Protocol-neutral: HTTP/1, HTTP/2 and replays feed the same object.
 *
 * <p>Control: whoever drives the flow (the proxy, a replay) gives it an {@link Executor} and
 * runs the addon chain; a hook may {@link #pause()} or {@link #intercept()} it, and
 * {@link #resume()} from any thread continues the chain on that executor exactly where it stopped.
 * {@link #kill()} works on a paused flow too.
 */
public final class Flow {

    public enum Type { HTTP, TCP }

    public enum Replay { REQUEST, RESPONSE }

    public enum Phase { REQUEST, RESPONSE, DONE, ERROR }

    private final String id;
    private final Type type;
    private final ClientConn client;
    private volatile ServerConn server;
    private volatile Request request;
    private volatile Response response;
    private volatile FlowError error;
    private volatile boolean live;
    private volatile String marked = "";
    private volatile String comment = "";
    private volatile Replay replay;
    // made on first use (guarded by this): most flows never get metadata or messages, and a
    // console keeps up to 100,000 flows, so two empty collections each would be heap for nothing
    private Map<String, Object> metadata;
    private volatile boolean webSocket;
    private List<StreamMessage> messages;
    private final double timestampCreated;
    private volatile boolean responseComplete;
    private Flow backup;
    // the records FlowRecords keeps by the flow, one per kind of owner; each owner serialises its own
    private Object storeRecord;
    private Object viewRecord;

    // control state, guarded by this
    private Executor executor;
    private boolean paused;
    private boolean intercepted;
    private boolean killed;
    private Runnable continuation;

    public Flow(ClientConn client, ServerConn server, Request request, boolean live) {
        this(Ids.next(), Type.HTTP, client, server, request, live, now());
    }

    public Flow(String id, Type type, ClientConn client, ServerConn server, Request request, boolean live,
                double timestampCreated) {
        this.id = id;
        this.type = type;
        this.client = client;
        this.server = server;
        this.request = request;
        this.live = live;
        this.timestampCreated = timestampCreated;
    }

    /** Seconds since the epoch, as a double (as flow files store it). */
    public static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    public String id() {
        return id;
    }

    public Type type() {
        return type;
    }

    public ClientConn client() {
        return client;
    }

    public ServerConn server() {
        return server;
    }

    public void setServer(ServerConn server) {
        this.server = server;
    }

    public Request request() {
        return request;
    }

    public void setRequest(Request request) {
        this.request = request;
    }

    public Response response() {
        return response;
    }

    /** Sets the response; set by an addon in a request hook, it answers the flow without contacting the server. */
    public void setResponse(Response response) {
        this.response = response;
    }

    public FlowError error() {
        return error;
    }

    public void setError(FlowError error) {
        this.error = error;
    }

    public boolean isLive() {
        return live;
    }

    public void setLive(boolean live) {
        this.live = live;
    }

    public String marked() {
        return marked;
    }

    public void setMarked(String marker) {
        this.marked = marker == null ? "" : marker;
    }

    public String comment() {
        return comment;
    }

    public void setComment(String comment) {
        this.comment = comment == null ? "" : comment;
    }

    public Replay replay() {
        return replay;
    }

    public void setReplay(Replay replay) {
        this.replay = replay;
    }

    /** The flow's metadata, modifiable; callers that iterate it synchronize on the map. */
    public synchronized Map<String, Object> metadata() {
        if (metadata == null) metadata = new LinkedHashMap<>();
        return metadata;
    }

    /** Whether this HTTP flow upgraded to a WebSocket (it carries WebSocket data, even before the first message). */
    public boolean isWebSocket() {
        return webSocket;
    }

    public void setWebSocket(boolean webSocket) {
        this.webSocket = webSocket;
    }

    /** The WebSocket or TCP messages recorded so far, oldest first (a snapshot). */
    public synchronized List<StreamMessage> messages() {
        return messages == null ? List.of() : List.copyOf(messages);
    }

    public synchronized void addMessage(StreamMessage message) {
        if (messages == null) messages = new ArrayList<>();
        messages.add(message);
    }

    public double timestampCreated() {
        return timestampCreated;
    }

    /** Whether the response has been completely received (or answered by an addon). */
    public boolean isResponseComplete() {
        return responseComplete;
    }

    public void setResponseComplete(boolean complete) {
        this.responseComplete = complete;
    }

    public Phase phase() {
        if (error != null) return Phase.ERROR;
        if (response == null) return Phase.REQUEST;
        return responseComplete ? Phase.DONE : Phase.RESPONSE;
    }

    // ---- backup / revert ----

    public synchronized void backup() {
        if (backup == null) backup = shallowCopy(id);
    }

    public synchronized boolean isModified() {
        return backup != null;
    }

    /** The state {@link #revert()} restores (a detached copy with this flow's id), or null; flow files carry it. */
    public synchronized Flow backupState() {
        return backup;
    }

    /** Sets the state {@link #revert()} restores (when loading a flow file that carries one). */
    public synchronized void setBackupState(Flow state) {
        backup = state;
    }

    public synchronized boolean revert() {
        if (backup == null) return false;
        request = backup.request;
        response = backup.response;
        error = backup.error;
        backup = null;
        return true;
    }

    /**
     * The flow left the store: its bodies, and its backup's, let go of their files (features.md
     * §14); a copy made earlier keeps its own.
     */
    public synchronized void releaseBodies() {
        for (Flow f : backup == null ? new Flow[] {this} : new Flow[] {this, backup}) {
            if (f.request != null && f.request.body() != null) f.request.body().release();
            if (f.response != null && f.response.body() != null) f.response.body().release();
        }
    }

    /** Moves the small in-memory bodies of the request and the response into the packer's shared arrays. */
    public synchronized void packBodies(BodyPacker packer) {
        for (Message m : new Message[] {request, response}) {
            if (m != null && m.body() != null) m.setBody(packer.pack(m.body()));
        }
    }

    /** A detached copy with a new id (for duplicate); not live. */
    public Flow copy() {
        Flow f = shallowCopy(Ids.next());
        f.live = false;
        return f;
    }

    /** A detached, not live copy with the same id: what writers on other threads serialise. */
    public Flow snapshot() {
        Flow f;
        synchronized (this) {
            f = shallowCopy(id);
            f.backup = backup;
        }
        f.live = false;
        f.intercepted = isIntercepted();
        return f;
    }

    Object record(FlowRecords.Slot slot) {
        return slot == FlowRecords.Slot.STORE ? storeRecord : viewRecord;
    }

    void record(FlowRecords.Slot slot, Object record) {
        if (slot == FlowRecords.Slot.STORE) storeRecord = record;
        else viewRecord = record;
    }

    private Flow shallowCopy(String newId) {
        Flow f = new Flow(newId, type, client, server, request == null ? null : request.copy(), false, timestampCreated);
        f.response = response == null ? null : response.copy();
        f.error = error;
        f.marked = marked;
        f.comment = comment;
        f.replay = replay;
        f.responseComplete = responseComplete;
        f.webSocket = webSocket;
        Map<String, Object> meta;
        synchronized (this) {
            if (messages != null) f.messages = new ArrayList<>(messages);
            meta = metadata;
        }
        if (meta != null) {
            synchronized (meta) {
                if (!meta.isEmpty()) f.metadata = new LinkedHashMap<>(meta);
            }
        }
        return f;
    }

    // ---- control ----

    /** Binds the flow to the executor that runs its hooks (the connection's event loop). */
    public synchronized void attach(Executor executor) {
        this.executor = executor;
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    public synchronized boolean isIntercepted() {
        return intercepted;
    }

    public synchronized boolean isKilled() {
        return killed;
    }

    /** Pauses the flow after the current hook (work off the event loop); {@link #resume()} continues it. */
    public synchronized void pause() {
        paused = true;
    }

    /** Pauses the flow for a person: shown as intercepted until resumed or killed. */
    public synchronized void intercept() {
        paused = true;
        intercepted = true;
    }

    /**
     * Called by the chain after a hook: when the flow is paused, keeps the continuation and
     * returns true; otherwise returns false and the chain goes on.
     */
    public synchronized boolean park(Runnable continueChain) {
        if (!paused) return false;
        continuation = continueChain;
        return true;
    }

    /** Continues a paused flow where it stopped; no effect on a flow that is not paused. */
    public void resume() {
        Runnable c;
        Executor ex;
        synchronized (this) {
            if (!paused) return;
            paused = false;
            intercepted = false;
            c = continuation;
            continuation = null;
            ex = executor;
        }
        if (c != null) runOn(ex, c);
    }

    /**
     * Makes a finished flow live again for a replay: forgets a former kill or pause, so the chain
     * runs it like a new flow; the caller clears its response and error.
     */
    public synchronized void revive() {
        killed = false;
        paused = false;
        intercepted = false;
        continuation = null;
        live = true;
    }

    public synchronized boolean isKillable() {
        return live && !killed;
    }

    /** Kills a live flow: no response reaches the client; returns false when not killable. */
    public boolean kill() {
        Runnable c;
        Executor ex;
        synchronized (this) {
            if (!live || killed) return false;
            killed = true;
            error = FlowError.now(FlowError.KILLED);
            paused = false;
            intercepted = false;
            c = continuation;
            continuation = null;
            ex = executor;
        }
        if (c != null) runOn(ex, c);
        return true;
    }

    /** Ends a pause because the client went away: the flow gets the error and is no longer intercepted. */
    public void abandon(String message) {
        synchronized (this) {
            paused = false;
            intercepted = false;
            continuation = null;
            if (error == null) error = FlowError.now(message);
        }
    }

    private static void runOn(Executor ex, Runnable c) {
        if (ex == null) c.run();
        else ex.execute(c);
    }

    @Override
    public String toString() {
        return "Flow[" + id + " " + request + (response != null ? " -> " + response : "") + (error != null ? " ! " + error.msg() : "") + "]";
    }
}
