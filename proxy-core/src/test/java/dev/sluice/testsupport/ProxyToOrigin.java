package dev.sluice.testsupport;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh proxy in front of a fresh echo origin for every test, closed afterwards:
 * {@code @RegisterExtension final ProxyToOrigin rig = new ProxyToOrigin();}. Tests that need
 * another origin behaviour call {@code rig.origin().setHandler(...)}; options the proxy starts
 * with are given to the constructor.
 */
public final class ProxyToOrigin implements BeforeEachCallback, AfterEachCallback {

    /** Makes the proxy of each test. */
    public interface ProxyFactory {
        ProxyFixture create() throws Exception;
    }

    private final ProxyFactory factory;
    private Origin origin;
    private ProxyFixture proxy;

    /** @param options {@code name=value} settings the proxy starts with */
    public ProxyToOrigin(String... options) {
        this(() -> new ProxyFixture(java.util.List.of(options)));
    }

    /** A rig whose proxy comes from the factory, e.g. {@code new ProxyToOrigin(ProxyFixture::console)}. */
    public ProxyToOrigin(ProxyFactory factory) {
        this.factory = factory;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        origin = Origin.echo();
        proxy = factory.create();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        proxy.close();
        origin.close();
    }

    public Origin origin() {
        return origin;
    }

    public ProxyFixture proxy() {
        return proxy;
    }
}
