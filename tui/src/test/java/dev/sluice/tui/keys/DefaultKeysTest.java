package dev.sluice.tui.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sluice.command.CommandLexer;
import dev.sluice.tui.ConsoleFixture;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default key table against console.md §3: every key named there is bound, and every bound command exists. */
class DefaultKeysTest {

    /** Commands whose arguments name further commands: those are checked too. */
    private static final Set<String> RUNNERS = Set.of("console.command", "console.command.confirm", "console.choose", "console.choose.cmd");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "flowlist|enter,A,a,b,d,D,e,x,f,F,ctrl l,L,m,M,n,o,r,S,v,U,w,V,X,z,Z,|,;",
            "flowview|A,a,b,d,D,e,x,f,F,ctrl l,m,r,v,V,w,z,|,;,space,p,/,n,N",
            "grideditor|enter,a,A,d,e,r,R,w",
            "options|enter,d,D,L,S",
            "global|:,?,B,C,K,O,E,Q,q,esc,H,-,shift tab,ctrl right,ctrl left,P,g,G,k,j,h,l,tab,enter,space,ctrl f,ctrl b,I,i,W"})
    void everyKeyTheSpecNamesIsBoundInItsContext(String context, String keys) {
        KeyMap map = DefaultKeys.create();
        List<String> missing = new ArrayList<>();
        for (String key : keys.split(",")) {
            KeyMap.Binding b = map.lookup(context, key);
            if (b == null || !b.context().equals(context)) missing.add(key);
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyBoundCommandAndEveryCommandItRunsIsRegistered() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            List<String> unknown = new ArrayList<>();
            for (KeyMap.Binding b : f.console.keys().all()) {
                List<String> words = CommandLexer.split(b.command());
                if (f.sluice.commands().get(words.get(0)) == null) unknown.add(b.key() + " -> " + words.get(0));
                if (!RUNNERS.contains(words.get(0))) continue;
                for (String w : words.subList(1, words.size())) {
                    boolean looksLikeCommand = w.matches("[a-z_]+(\\.[a-z_]+)+") && !w.contains("_content") && !w.startsWith("response.");
                    if (looksLikeCommand && f.sluice.commands().get(w) == null) unknown.add(b.key() + " -> " + w);
                }
            }
            assertThat(unknown).isEmpty();
        }
    }

    @Test
    void theBrowserKeyRunsBrowserStartWhichSaysWhenNoChromeIsInstalled() throws Exception {
        boolean chromeOnPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(dir -> Stream.of("google-chrome", "google-chrome-stable", "chromium", "chromium-browser").map(n -> Path.of(dir, n)))
                .anyMatch(Files::isExecutable);
        assumeFalse(chromeOnPath, "this machine has Chrome or Chromium");
        try (ConsoleFixture f = new ConsoleFixture()) {
            assertThat(f.keys("B").text()).contains("Could not find a Chrome or Chromium executable.");
        }
    }
}
