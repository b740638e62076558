package dev.sluice.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Sluice;
import dev.sluice.flow.ClientConn;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Request;
import dev.sluice.flow.ServerConn;
import dev.sluice.option.OptionSpec;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandRegistryTest {

    private Sluice sluice;
    private CommandRegistry commands;

    @BeforeEach
    void setUp() {
        sluice = new Sluice(true);
        sluice.options().register(OptionSpec.list("block_list", List.of(), "rules"));
        sluice.options().register(OptionSpec.bool("anticache", false, "strip cache headers"));
        commands = sluice.commands();
    }

    private Flow storedFlow() {
        ClientConn c = new ClientConn(new InetSocketAddress("127.0.0.1", 5000), new InetSocketAddress("127.0.0.1", 8080));
        Flow f = new Flow(c, new ServerConn("example.com", 80), Request.make("GET", "http://example.com/", null, null), true);
        sluice.flows().add(f);
        return f;
    }

    @Test
    void withdrawingACommandGivesBackTheOneItReplacedUnlessItsNameWasTakenSince() throws CommandException {
        Command original = new Command("greet", List.of(), "str", "first", args -> "first");
        Command replacement = new Command("greet", List.of(), "str", "second", args -> "second");
        Command later = new Command("greet", List.of(), "str", "third", args -> "third");
        assertThat(commands.register(original)).isNull();
        assertThat(commands.register(replacement)).isSameAs(original);
        commands.withdraw(replacement, original);
        assertThat(commands.execute("greet")).isEqualTo("first");

        commands.register(replacement);
        commands.register(later);
        commands.withdraw(replacement, original); // "later" holds the name now: it stays
        assertThat(commands.execute("greet")).isEqualTo("third");
        commands.withdraw(later, null);
        assertThat(commands.get("greet")).isNull();
    }

    @Test
    void setTakesTheRestOfTheLineAsOneValue() throws CommandException {
        commands.execute("set block_list=:~d blocked.test:404");
        assertThat(sluice.options().list("block_list")).containsExactly(":~d blocked.test:404");
    }

    @Test
    void setWithSeveralValuesFormsAList() throws CommandException {
        commands.execute("set block_list '/a/404' '/b/403'");
        assertThat(sluice.options().list("block_list")).containsExactly("/a/404", "/b/403");
        commands.execute("set block_list+=/c/500");
        commands.execute("set block_list-=/a/404");
        assertThat(sluice.options().list("block_list")).containsExactly("/b/403", "/c/500");
        commands.execute("set block_list");
        assertThat(sluice.options().list("block_list")).isEmpty();
    }

    @Test
    void setReportsErrorsAndKeepsTheOldValue() throws CommandException {
        commands.execute("set anticache=true");
        assertThatThrownBy(() -> commands.execute("set anticache=maybe"))
                .hasMessage("Failed to parse option anticache: not a boolean: maybe (use true, false or toggle)");
        assertThat(sluice.options().bool("anticache")).isTrue();
        assertThatThrownBy(() -> commands.execute("set nonsense=1")).hasMessage("Unknown option: nonsense");
    }

    @Test
    void unknownCommandsAndBadArgumentsAreCommandErrors() {
        assertThatThrownBy(() -> commands.execute("no.such")).hasMessage("Unknown command: no.such");
        assertThatThrownBy(() -> commands.execute("flow.mark @all")).hasMessage("Command argument mismatch: flow.mark expects flow.mark flows:flow[] marker:marker");
        assertThatThrownBy(() -> commands.execute("flow.mark @all ::")).hasMessage("Invalid marker value: ::");
    }

    @Test
    void markCommentAndRemoveActOnFlowSpecs() throws CommandException {
        Flow f = storedFlow();
        commands.execute("flow.mark @all true");
        assertThat(f.marked()).isEqualTo(":default:");
        commands.execute("flow.comment @marked 'looks odd'");
        assertThat(f.comment()).isEqualTo("looks odd");
        commands.execute("flow.mark @all false");
        assertThat(f.marked()).isEmpty();
        commands.execute("view.flows.remove @all");
        assertThat(sluice.flows().snapshot()).isEmpty();
    }

    @Test
    void filterExpressionsSelectFlows() throws CommandException {
        Flow f = storedFlow();
        commands.execute("flow.mark '~d example.com & ~m GET' true");
        assertThat(f.marked()).isEqualTo(":default:");
        commands.execute("flow.mark '~m POST' false");
        assertThat(f.marked()).isEqualTo(":default:");
        assertThatThrownBy(() -> commands.execute("flow.mark '~q &' true")).hasMessageStartingWith("Invalid filter expression: '~q &'");
        assertThatThrownBy(() -> commands.execute("flow.mark @nonsense true")).hasMessage("Invalid flow specification: @nonsense");
    }

    @Test
    void killAndResumeActOnPausedFlows() throws CommandException {
        Flow f = storedFlow();
        f.intercept();
        List<String> ran = new java.util.ArrayList<>();
        assertThat(f.park(() -> ran.add("continued"))).isTrue();
        commands.execute("flow.resume @all");
        assertThat(ran).containsExactly("continued");
        assertThat(f.isIntercepted()).isFalse();
        commands.execute("flow.kill @all");
        assertThat(f.isKilled()).isTrue();
        assertThat(f.error().msg()).isEqualTo("Connection killed.");
    }
}
