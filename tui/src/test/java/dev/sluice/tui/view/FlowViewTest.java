package dev.sluice.tui.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.filter.FlowSpec;
import dev.sluice.flow.Flow;
import dev.sluice.tui.ConsoleFixture;
import dev.sluice.tui.view.FlowEvents.Change;
import dev.sluice.tui.view.FlowEvents.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowViewTest {

    private final FlowView view = new FlowView(FilterCompiler.LANGUAGE);

    private static Flow flow(String method, String url, String body) {
        return ConsoleFixture.flow(method, url, 200, "text/plain", body);
    }

    private void add(Flow... flows) {
        List<Change> changes = new ArrayList<>();
        for (Flow f : flows) changes.add(new Change(Kind.ADDED, f));
        view.apply(changes);
    }

    private List<Flow> resolve(String spec) {
        return FlowSpec.parse(spec).resolve(view);
    }

    private List<String> urls() {
        return view.shown().stream().map(f -> f.request().url()).toList();
    }

    @Test
    void keepsArrivalOrderAndTheFocusOnItsFlow() {
        Flow a = flow("GET", "http://a.test/", "a");
        Flow b = flow("GET", "http://b.test/", "b");
        add(a, b);
        view.focus(b);
        add(flow("GET", "http://c.test/", "c"));
        assertThat(urls()).containsExactly("http://a.test/", "http://b.test/", "http://c.test/");
        assertThat(view.focused()).isSameAs(b);
        assertThat(view.focusIndex()).isEqualTo(1);
    }

    @Test
    void ordersByMethodUrlAndSizeAndReverses() {
        add(flow("POST", "http://b.test/", "xx"), flow("GET", "http://c.test/", "xxx"), flow("DELETE", "http://a.test/", "x"));
        view.setOrder(ViewOrder.METHOD);
        assertThat(urls()).containsExactly("http://a.test/", "http://c.test/", "http://b.test/");
        view.setOrder(ViewOrder.URL);
        assertThat(urls()).containsExactly("http://a.test/", "http://b.test/", "http://c.test/");
        view.setOrder(ViewOrder.SIZE);
        assertThat(urls()).containsExactly("http://a.test/", "http://b.test/", "http://c.test/");
        view.setReversed(true);
        assertThat(urls()).containsExactly("http://c.test/", "http://b.test/", "http://a.test/");
    }

    @Test
    void aFlowWhoseSizeChangesMovesToItsNewPlace() {
        Flow growing = ConsoleFixture.flow("GET", "http://g.test/");
        add(flow("GET", "http://m.test/", "xx"), growing);
        view.setOrder(ViewOrder.SIZE);
        assertThat(urls()).containsExactly("http://g.test/", "http://m.test/");
        ConsoleFixture.respond(growing, 200, "text/plain", new byte[100]);
        view.apply(List.of(new Change(Kind.UPDATED, growing)));
        assertThat(urls()).containsExactly("http://m.test/", "http://g.test/");
    }

    @Test
    void filterHidesAndUpdatesCanShowAFlowLater() {
        Flow pending = ConsoleFixture.flow("GET", "http://x.test/later");
        add(flow("GET", "http://a.test/", "a"), pending);
        view.setFilter("~c 404");
        assertThat(urls()).isEmpty();
        ConsoleFixture.respond(pending, 404, "text/plain", new byte[0]);
        view.apply(List.of(new Change(Kind.UPDATED, pending)));
        assertThat(urls()).containsExactly("http://x.test/later");
        view.setFilter("");
        assertThat(urls()).hasSize(2);
        assertThatThrownBy(() -> view.setFilter("~nope x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removalsInOneBatchKeepTheFocusNearby() {
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 10; i++) flows.add(flow("GET", "http://f.test/" + i, "x"));
        add(flows.toArray(Flow[]::new));
        view.focus(5);
        view.apply(List.of(new Change(Kind.REMOVED, flows.get(5)), new Change(Kind.REMOVED, flows.get(0))));
        assertThat(view.size()).isEqualTo(8);
        assertThat(view.focused().request().url()).isEqualTo("http://f.test/7");
    }

    @Test
    void theStoreDroppingItsOldestFlowsInRunsKeepsTheRestInOrder() {
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 50; i++) flows.add(flow("GET", "http://f.test/" + i, "x".repeat(i % 7)));
        add(flows.toArray(Flow[]::new));
        for (ViewOrder order : List.of(ViewOrder.TIME, ViewOrder.SIZE)) {
            view.setOrder(order);
            List<Flow> before = view.shown();
            List<Change> drops = new ArrayList<>();
            // two runs at the front and one scattered flow, as a store limit and a delete would
            for (int i : new int[]{0, 1, 2, 10, 11, 30}) drops.add(new Change(Kind.REMOVED, before.get(i)));
            view.apply(drops);
            List<Flow> expected = new ArrayList<>(before);
            for (Change c : drops) expected.remove(c.flow());
            assertThat(view.shown()).containsExactlyElementsOf(expected);
            add(drops.stream().map(Change::flow).toArray(Flow[]::new));
        }
    }

    @Test
    void focusFollowMovesTheFocusToEachNewFlow() {
        add(flow("GET", "http://a.test/", "a"));
        view.setFocusFollow(true);
        Flow b = flow("GET", "http://b.test/", "b");
        add(b);
        assertThat(view.focused()).isSameAs(b);
    }

    @Test
    void flowSpecificationsResolveAgainstTheView() {
        Flow a = flow("GET", "http://a.test/", "a");
        Flow b = flow("GET", "http://b.test/", "b");
        b.setMarked(":default:");
        add(a, b);
        view.setFilter("b.test");
        view.focus(b);
        assertThat(resolve("@all")).containsExactly(a, b);
        assertThat(resolve("@shown")).containsExactly(b);
        assertThat(resolve("@hidden")).containsExactly(a);
        assertThat(resolve("@focus")).containsExactly(b);
        assertThat(resolve("@marked")).containsExactly(b);
        assertThat(resolve("@unmarked")).containsExactly(a);
        assertThat(resolve("~d a.test")).containsExactly(a);
        assertThat(resolve("@" + a.id())).containsExactly(a);
    }

    @Test
    void aHundredThousandFlowsArriveInOneCheapBatch() {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) changes.add(new Change(Kind.ADDED, flow("GET", "http://f.test/" + i, "x")));
        long start = System.nanoTime();
        view.apply(changes);
        view.setOrder(ViewOrder.URL);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(view.size()).isEqualTo(100_000);
        assertThat(ms).as("apply and re-sort 100k flows").isLessThan(5_000);
    }
}
