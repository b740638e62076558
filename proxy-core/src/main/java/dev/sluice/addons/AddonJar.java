package dev.sluice.addons;

import dev.sluice.addon.Addon;
import dev.sluice.option.OptionsException;
import dev.sluice.option.Paths;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * One JAR of addons (options-and-patterns.md §7): its own class loader, whose parent is Sluice's,
 * and the addons its {@code META-INF/services/dev.sluice.addon.Addon} entry names. Closing it
 * closes the class loader, so the classes can go once the addons are dropped.
 */
final class AddonJar implements AutoCloseable {

    private final URLClassLoader loader;
    private final List<Addon> addons;

    private AddonJar(URLClassLoader loader, List<Addon> addons) {
        this.loader = loader;
        this.addons = addons;
    }

    /** Loads the JAR; failures are worded as the {@code scripts} option's errors. */
    static AddonJar open(String path) throws OptionsException {
        if (path.toLowerCase(Locale.ROOT).endsWith(".py")) {
            throw failure(path, "Python scripts are not supported; Sluice addons are Java classes in a JAR");
        }
        Path file = Paths.expand(path);
        if (!Files.isRegularFile(file)) throw failure(path, "file does not exist");
        URLClassLoader loader = new URLClassLoader("addons:" + file.getFileName(), new URL[] {url(path, file)},
                AddonJar.class.getClassLoader());
        try {
            // the parent's own service entries are not this JAR's addons
            List<Addon> found = ServiceLoader.load(Addon.class, loader).stream()
                    .filter(p -> p.type().getClassLoader() == loader)
                    .map(ServiceLoader.Provider::get)
                    .toList();
            if (found.isEmpty()) throw failure(path, "no addons found");
            return new AddonJar(loader, found);
        } catch (ServiceConfigurationError | LinkageError | OptionsException e) {
            closeQuietly(loader);
            if (e instanceof OptionsException oe) throw oe;
            throw failure(path, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    List<Addon> addons() {
        return addons;
    }

    @Override
    public void close() {
        closeQuietly(loader);
    }

    private static URL url(String path, Path file) throws OptionsException {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw failure(path, e.getMessage());
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // nothing is left to release that a failed close could hold
        }
    }

    private static OptionsException failure(String path, String reason) {
        return OptionsException.cannotParse("scripts", path, reason);
    }
}
