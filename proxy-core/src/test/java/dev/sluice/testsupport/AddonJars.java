package dev.sluice.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real addon JARs at test time, as a user would: compiles addon sources against the test
 * class path with the system Java compiler, names the addons in
 * {@code META-INF/services/dev.sluice.addon.Addon} and writes the JAR.
 */
public final class AddonJars {
    private AddonJars() {
    }

    /**
     * @param sources class name (no package) to source text
     * @param services the class names written to the service entry; none writes no entry
     */
    public static Path build(Path dir, String jarName, Map<String, String> sources, List<String> services) throws IOException {
        Path src = Files.createTempDirectory(dir, "src");
        Path classes = Files.createTempDirectory(dir, "classes");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path")));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey() + ".java");
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, System.err, args.toArray(String[]::new)) != 0) throw new IOException("addon source did not compile");
        Path jar = dir.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path c : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
            if (!services.isEmpty()) {
                out.putNextEntry(new JarEntry("META-INF/services/dev.sluice.addon.Addon"));
                write(out, String.join("\n", services) + "\n");
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A JAR with one addon class whose source is given. */
    public static Path build(Path dir, String className, String source) throws IOException {
        return build(dir, className + ".jar", Map.of(className, source), List.of(className));
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
