package dev.sluice.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.flow.Body;
import dev.sluice.flow.BodyPacker;
import dev.sluice.flow.Flow;
import dev.sluice.io.FlowFiles;
import dev.sluice.log.EventLog;
import dev.sluice.log.LogEntry;
import dev.sluice.option.OptionsException;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.TestFlows;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The flow store's bound (console.md §4.2): count, bytes, flows that must stay, the log line, the options. */
class FlowStoreTest {

    @TempDir
    Path dir;

    private final EventLog log = new EventLog();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private final List<Runnable> offLoop = new CopyOnWriteArrayList<>();
    private final FlowStore store = new FlowStore(true, log, offLoop::add, clock::get);
    private final List<Flow> removed = new CopyOnWriteArrayList<>();

    FlowStoreTest() {
        log.addListener(e -> logged.add(e.message()));
        store.addListener(new FlowStore.Listener() {
            @Override
            public void removed(Flow flow) {
                removed.add(flow);
            }
        });
    }

    private static Flow finished(String path) {
        return TestFlows.http("GET", "http://example.com" + path).response(200).responseBody("ok").build();
    }

    private List<Flow> addFinished(int n) {
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Flow f = finished("/" + i);
            flows.add(f);
            store.add(f);
        }
        return flows;
    }

    @Test
    void beyondTheCountLimitTheOldestFinishedFlowsAreDropped() {
        store.setLimits(3, Long.MAX_VALUE);
        List<Flow> flows = addFinished(5);
        assertThat(store.snapshot()).containsExactlyElementsOf(flows.subList(2, 5));
        assertThat(removed).containsExactlyElementsOf(flows.subList(0, 2));
    }

    @Test
    void aCountLimitOfZeroKeepsEveryFlow() {
        store.setLimits(0, Long.MAX_VALUE);
        addFinished(50);
        assertThat(store.size()).isEqualTo(50);
        assertThat(removed).isEmpty();
    }

    @Test
    void loweringTheLimitDropsAtOnce() {
        List<Flow> flows = addFinished(4);
        store.setLimits(1, Long.MAX_VALUE);
        assertThat(store.snapshot()).containsExactly(flows.get(3));
    }

    @Test
    void liveInterceptedAndMarkedFlowsAreNeverDropped() {
        store.setLimits(2, Long.MAX_VALUE);
        Flow live = TestFlows.http("GET", "http://example.com/live").live().build();
        Flow intercepted = TestFlows.http("GET", "http://example.com/paused").live().build();
        intercepted.intercept();
        Flow marked = TestFlows.http("GET", "http://example.com/marked").response(200).marked(":default:").build();
        store.add(live);
        store.add(intercepted);
        store.add(marked);
        List<Flow> plain = addFinished(3);
        assertThat(store.snapshot()).containsExactly(live, intercepted, marked, plain.get(2));
        assertThat(removed).containsExactly(plain.get(0), plain.get(1));
    }

    @Test
    void aFlowThatMayGoAgainIsDroppedInItsArrivalTurn() {
        store.setLimits(2, Long.MAX_VALUE);
        Flow marked = TestFlows.http("GET", "http://example.com/marked").response(200).marked(":default:").build();
        store.add(marked);
        List<Flow> plain = addFinished(3);
        assertThat(store.snapshot()).containsExactly(marked, plain.get(2));
        marked.setMarked("");
        store.update(marked);
        Flow newest = finished("/newest");
        store.add(newest);
        // unmarked, the flow that came first is the oldest again: it goes before the younger ones
        assertThat(removed).containsExactly(plain.get(0), plain.get(1), marked);
        assertThat(store.snapshot()).containsExactly(plain.get(2), newest);
    }

    @Test
    void aPinnedFlowStaysUntilUnpinnedAndOnlyThenIsReleased() {
        store.setLimits(1, Long.MAX_VALUE);
        TrackedBody body = new TrackedBody(100);
        Flow pinned = finished("/pinned");
        pinned.response().setBody(body);
        store.add(pinned);
        store.pin(pinned);
        Flow next = finished("/next");
        store.add(next);
        assertThat(store.snapshot()).containsExactly(pinned, next);
        assertThat(body.released).isFalse();
        store.unpin(pinned);
        assertThat(store.snapshot()).containsExactly(next);
        assertThat(body.released).isTrue();
    }

    @Test
    void droppedFlowsReleaseTheirBodies() {
        store.setLimits(1, Long.MAX_VALUE);
        TrackedBody request = new TrackedBody(10);
        TrackedBody response = new TrackedBody(10);
        Flow f = finished("/a");
        f.request().setBody(request);
        f.response().setBody(response);
        store.add(f);
        store.add(finished("/b"));
        assertThat(request.released).isTrue();
        assertThat(response.released).isTrue();
    }

    @Test
    void removingAFinishedFlowReleasesItsBodiesAfterItsLastPinButALiveFlowKeepsThem() {
        TrackedBody written = new TrackedBody(10);
        Flow f = finished("/a");
        f.response().setBody(written);
        store.add(f);
        store.pin(f);
        store.remove(f);
        assertThat(written.released).isFalse();
        store.unpin(f);
        assertThat(written.released).isTrue();
        TrackedBody inFlight = new TrackedBody(10);
        Flow live = TestFlows.http("POST", "http://example.com/b").live().build();
        live.request().setBody(inFlight);
        store.add(live);
        store.remove(live);
        assertThat(inFlight.released).isFalse();
    }

    @Test
    void bodiesKeptOffTheHeapAreReleasedOnTheReleaseExecutorNotTheDroppingThread() {
        store.setLimits(1, Long.MAX_VALUE);
        TrackedBody onDisk = new TrackedBody(1000, 100);
        Flow f = finished("/a");
        f.response().setBody(onDisk);
        store.add(f);
        store.add(finished("/b"));
        assertThat(onDisk.released).isFalse();
        assertThat(offLoop).hasSize(1);
        offLoop.forEach(Runnable::run);
        assertThat(onDisk.released).isTrue();
    }

    @Test
    void bytesCountHeapBodiesAndAnEstimatePerHeader() {
        Flow f = finished("/a");
        f.request().setBody(new TrackedBody(50));
        // a body kept on disk counts only its part on the heap
        f.response().setBody(new TrackedBody(1000, 300));
        long headers = f.request().headers().size() + f.response().headers().size();
        store.add(f);
        assertThat(store.bytes()).isEqualTo(50 + 300 + headers * FlowStore.HEADER_BYTES);
        f.response().setBody(new TrackedBody(2000, 700));
        store.update(f);
        assertThat(store.bytes()).isEqualTo(50 + 700 + headers * FlowStore.HEADER_BYTES);
        store.remove(f);
        assertThat(store.bytes()).isZero();
    }

    @Test
    void beyondTheByteLimitTheOldestFlowsAreDroppedUntilItHolds() {
        long each = FlowStore.heapBytes(finished("/x"));
        store.setLimits(0, 3 * each);
        List<Flow> flows = addFinished(5);
        assertThat(store.snapshot()).containsExactlyElementsOf(flows.subList(2, 5));
        assertThat(store.bytes()).isLessThanOrEqualTo(3 * each);
    }

    @Test
    void dropsAreLoggedAtMostOnceAMinuteWithTheCountSinceTheLastLine() {
        store.setLimits(1, Long.MAX_VALUE);
        addFinished(3);
        assertThat(logged).containsExactly("Flow store full: dropped the 1 oldest unmarked flows (limit 1).");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(59));
        addFinished(4);
        assertThat(logged).hasSize(1);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        addFinished(1);
        assertThat(logged).containsExactly(
                "Flow store full: dropped the 1 oldest unmarked flows (limit 1).",
                "Flow store full: dropped the 6 oldest unmarked flows (limit 1).");
    }

    @Test
    void removedFlowsLeaveTheDropOrderWithoutBeingDroppedAgain() {
        store.setLimits(0, Long.MAX_VALUE);
        addFinished(200);
        for (Flow f : store.snapshot()) store.remove(f);
        removed.clear();
        store.setLimits(3, Long.MAX_VALUE);
        List<Flow> more = addFinished(4);
        assertThat(removed).containsExactly(more.get(0));
        assertThat(store.snapshot()).containsExactlyElementsOf(more.subList(1, 4));
    }

    @Test
    void sluicedumpsStoreKeepsNothing() {
        FlowStore dump = new FlowStore(false, log, Runnable::run);
        dump.add(finished("/a"));
        assertThat(dump.size()).isZero();
        assertThat(dump.bytes()).isZero();
    }

    // ---- through the real proxy ----

    private static Origin bodies(int size) throws Exception {
        return new Origin((req, out) -> {
            Origin.writeResponse(out, 200, "OK", Map.of("Content-Type", "application/octet-stream"), new byte[size]);
            return true;
        });
    }

    private static void get(ProxyFixture proxy, Origin origin, String path) throws Exception {
        HttpResponse<byte[]> r = proxy.client().send(HttpRequest.newBuilder(URI.create(origin.url(path))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    /** Waits up to 10 s for what the proxy does after the client has its response (completing the flow, the writer). */
    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(5);
    }

    private static boolean allComplete(ProxyFixture proxy) {
        return proxy.sluice().flows().snapshot().stream().allMatch(Flow::isResponseComplete);
    }

    @Test
    void theByteLimitHoldsForRealBodiesThroughTheProxy() throws Exception {
        try (Origin origin = bodies(10 * 1024); ProxyFixture proxy = new ProxyFixture(List.of("flow_store_max_bytes=35k"))) {
            for (int i = 0; i < 8; i++) get(proxy, origin, "/" + i);
            await(() -> allComplete(proxy));
            FlowStore flows = proxy.sluice().flows();
            assertThat(flows.bytes()).isLessThanOrEqualTo(35 * 1024);
            assertThat(flows.snapshot()).extracting(f -> f.request().path()).containsExactly("/5", "/6", "/7");
            assertThat(proxy.log()).extracting(LogEntry::message)
                    .contains("Flow store full: dropped the 1 oldest unmarked flows (limit 35.0k).");
        }
    }

    @Test
    void keptBodiesArePackedOnceTheProxyIsDoneAndReadTheSame() throws Exception {
        try (Origin origin = new Origin((req, out) -> {
                    Origin.writeResponse(out, 200, "OK", Map.of("Content-Type", "text/plain"), ("answer to " + req.target()).repeat(50).getBytes());
                    return true;
                });
                ProxyFixture proxy = new ProxyFixture()) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = proxy.client().send(HttpRequest.newBuilder(URI.create(origin.url("/" + i)))
                        .POST(HttpRequest.BodyPublishers.ofString("question " + i)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.body()).isEqualTo(("answer to /" + i).repeat(50));
            }
            await(() -> proxy.sluice().flows().snapshot().stream()
                    .allMatch(f -> BodyPacker.isPacked(f.request().body()) && BodyPacker.isPacked(f.response().body())));
            List<Flow> kept = proxy.sluice().flows().snapshot();
            assertThat(kept).hasSize(5).allSatisfy(f -> {
                assertThat(BodyPacker.isPacked(f.request().body())).isTrue();
                assertThat(BodyPacker.isPacked(f.response().body())).isTrue();
            });
            for (int i = 0; i < 5; i++) {
                assertThat(kept.get(i).request().text()).isEqualTo("question " + i);
                assertThat(kept.get(i).response().text()).isEqualTo(("answer to /" + i).repeat(50));
            }
        }
    }

    @Test
    void flowsWrittenWithWAreAllInTheFileWhateverTheBound() throws Exception {
        Path file = dir.resolve("flows.sluice");
        try (Origin origin = bodies(1024); ProxyFixture proxy = new ProxyFixture(List.of("flow_store_limit=1", "save_stream_file=" + file))) {
            for (int i = 0; i < 20; i++) get(proxy, origin, "/" + i);
            await(() -> allComplete(proxy) && proxy.sluice().flows().size() == 1);
            assertThat(proxy.sluice().flows().size()).isEqualTo(1);
            // the store dropped each flow only after the writer had it: all twenty are in the file, bodies whole
            await(() -> written(file).size() == 20);
            assertThat(written(file)).hasSize(20).allSatisfy(f -> assertThat(f.response().body().size()).isEqualTo(1024));
        }
    }

    private static List<Flow> written(Path file) {
        try {
            return Files.exists(file) ? FlowFiles.readAll(file).flows() : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "flow_store_limit=-1      | Invalid value for flow_store_limit: must not be negative (0 means no count limit)",
            "flow_store_limit=many    | flow_store_limit",
            "flow_store_max_bytes=0   | Invalid value for flow_store_max_bytes: must be greater than 0 (unset means a quarter of the maximum heap)",
            "flow_store_max_bytes=-5k | Invalid value for flow_store_max_bytes: must be greater than 0 (unset means a quarter of the maximum heap)",
            "flow_store_max_bytes=lots | flow_store_max_bytes",
    })
    void badValuesAreRefusedAndTheOldBoundKept(String setting, String message) throws Exception {
        try (ProxyFixture proxy = new ProxyFixture(List.of("flow_store_limit=2", "flow_store_max_bytes=1m"))) {
            assertThatThrownBy(() -> proxy.set(setting)).isInstanceOf(OptionsException.class).hasMessageContaining(message);
            assertThat(proxy.sluice().options().integer("flow_store_limit")).isEqualTo(2);
            assertThat(proxy.sluice().options().number("flow_store_max_bytes")).isEqualTo(1024 * 1024);
            for (int i = 0; i < 4; i++) proxy.sluice().flows().add(finished("/" + i));
            assertThat(proxy.sluice().flows().size()).isEqualTo(2);
        }
    }

    /** A body that reports a heap part of its own choosing (as a file-backed one does) and records its release. */
    private static final class TrackedBody extends Body {
        private final Body content;
        private final long heap;
        volatile boolean released;

        TrackedBody(int size) {
            this(size, size);
        }

        TrackedBody(int size, long heap) {
            this.content = Body.of(new byte[size]);
            this.heap = heap;
        }

        @Override
        public long size() {
            return content.size();
        }

        @Override
        public byte[] bytes() {
            return content.bytes();
        }

        @Override
        public InputStream openStream() throws java.io.IOException {
            return content.openStream();
        }

        @Override
        public long heapSize() {
            return heap;
        }

        @Override
        public void release() {
            released = true;
        }
    }
}
