package dev.sluice.addons;

import dev.sluice.Sluice;
import dev.sluice.addon.Addon;
import dev.sluice.flow.Body;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Request;
import dev.sluice.flow.Response;
import dev.sluice.flow.StatusPage;
import dev.sluice.log.EventLog;
import dev.sluice.option.OptionSpec;
import dev.sluice.option.Options;
import dev.sluice.tls.CaDownload;
import dev.sluice.tls.CertificateAuthority;
import dev.sluice.tls.MagiskModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The page from which a device installs Sluice's CA (tls.md §9), served by Sluice itself on
 * {@code onboarding_host} and {@code mitm.it}, over http and https, on any port. A CONNECT to
 * those hosts is accepted without a server connection; requests to them never go upstream. Only
 * the public certificate is exposed.
 */
public final class CertInstallPage implements Addon {
    /** Always served, so instructions written for mitmproxy work. */
    static final String MITM_IT = "mitm.it";
    private static final String PAGE_TEMPLATE = readTemplate();

    private final Supplier<CertificateAuthority> authority;
    private Options options;
    private EventLog log;

    /** @param authority the CA whose certificate is offered (null until it is loaded) */
    public CertInstallPage(Supplier<CertificateAuthority> authority) {
        this.authority = authority;
    }

    @Override
    public void load(Sluice sluice) {
        options = sluice.options();
        log = sluice.log();
        options.register(OptionSpec.bool("onboarding", true, "Toggle the certificate install page."));
        options.register(OptionSpec.str("onboarding_host", "sluice.proxy",
                "Host name of the certificate install page; mitm.it is always served as well."));
        options.register(OptionSpec.optionalInt("onboarding_port",
                "Accepted for compatibility with mitmproxy; the page answers on every port."));
    }

    @Override
    public void configure(Set<String> changed) {
        if (changed.contains("onboarding_port") && options.number("onboarding_port") != null) {
            log.info("onboarding_port has no effect in Sluice; the page answers on every port.");
        }
    }

    /** A tunnel to the page needs no server: accept it here (its TLS uses a certificate for the host). */
    @Override
    public void httpConnect(Flow flow) {
        if (isForThePage(flow)) flow.setResponse(new Response(flow.request().httpVersion(), 200, "Connection established", new Headers(), null));
    }

    @Override
    public void request(Flow flow) {
        if (!isForThePage(flow)) return;
        CertificateAuthority ca = authority.get();
        Request request = flow.request();
        Response response = ca == null ? StatusPage.make(503, "No certificate authority is loaded.") : route(request, ca);
        if ("HEAD".equals(request.method())) response.setBody(Body.EMPTY); // headers as for GET
        flow.setResponse(response);
    }

    private boolean isForThePage(Flow flow) {
        if (!options.bool("onboarding") || !flow.isLive() || flow.response() != null || flow.error() != null) return false;
        String host = flow.request().prettyHost().toLowerCase(Locale.ROOT);
        return host.equals(MITM_IT) || host.equals(options.str("onboarding_host").toLowerCase(Locale.ROOT));
    }

    private static Response route(Request request, CertificateAuthority ca) {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            Response refused = StatusPage.make(405, "The certificate install page only answers GET and HEAD.");
            refused.headers().add("Allow", "GET, HEAD");
            return refused;
        }
        return switch (request.pathOnly()) {
            case "/" -> html(page(ca));
            case "/cert/pem" -> download(ca.download(CaDownload.PEM), CaDownload.PEM.contentType(), ca.downloadFileName(CaDownload.PEM));
            case "/cert/cer" -> download(ca.download(CaDownload.CER), CaDownload.CER.contentType(), ca.downloadFileName(CaDownload.CER));
            case "/cert/p12" -> download(ca.download(CaDownload.P12), CaDownload.P12.contentType(), ca.downloadFileName(CaDownload.P12));
            case "/cert/magisk" -> download(MagiskModule.zip(ca.certificate(), ca.download(CaDownload.PEM)), "application/zip",
                    MagiskModule.FILE_NAME);
            default -> Response.make(404, "Not Found\n".getBytes(StandardCharsets.US_ASCII),
                    Headers.of("Content-Type", "text/plain"));
        };
    }

    private static Response download(byte[] bytes, String contentType, String fileName) {
        return Response.make(200, bytes, Headers.of("Content-Type", contentType, "Content-Length", Integer.toString(bytes.length),
                "Content-Disposition", "inline; filename=" + fileName, "Cache-Control", "no-store"));
    }

    private static Response html(String page) {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        return Response.make(200, bytes, Headers.of("Content-Type", "text/html; charset=utf-8",
                "Content-Length", Integer.toString(bytes.length), "Cache-Control", "no-store"));
    }

    private static String page(CertificateAuthority ca) {
        return PAGE_TEMPLATE
                .replace("{{fingerprint}}", colonSeparated(ca.sha256Fingerprint()))
                .replace("{{pem}}", ca.downloadFileName(CaDownload.PEM))
                .replace("{{cer}}", ca.downloadFileName(CaDownload.CER))
                .replace("{{p12}}", ca.downloadFileName(CaDownload.P12))
                .replace("{{magisk}}", MagiskModule.FILE_NAME);
    }

    /** {@code AB:CD:...}, as certificate viewers show a fingerprint. */
    private static String colonSeparated(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) sb.append(':');
            sb.append(hex, i, i + 2);
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    private static String readTemplate() {
        try (InputStream in = CertInstallPage.class.getResourceAsStream("cert-install-page.html")) {
            if (in == null) throw new IllegalStateException("cert-install-page.html is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
