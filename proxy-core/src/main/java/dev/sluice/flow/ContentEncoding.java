package dev.sluice.flow;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.Inflater;

/** Content-Encoding codecs: gzip, deflate (zlib or raw), br, zstd and identity; lists undone right to left. */
public final class ContentEncoding {

    private ContentEncoding() {
    }

    /** Thrown when a body cannot be decoded with its declared encoding. */
    public static final class DecodeException extends IOException {
        public DecodeException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** True when the Content-Encoding value is absent, empty or identity only. */
    public static boolean isIdentity(String contentEncoding) {
        if (contentEncoding == null) return true;
        for (String c : contentEncoding.split(",")) {
            String t = Headers.asciiLowerCase(c.trim());
            if (!t.isEmpty() && !t.equals("identity")) return false;
        }
        return true;
    }

    public static boolean isSupported(String coding) {
        return switch (Headers.asciiLowerCase(coding.trim())) {
            case "gzip", "x-gzip", "deflate", "br", "zstd", "identity", "" -> true;
            default -> false;
        };
    }

    /** Decodes a body according to a Content-Encoding header value (codings undone right to left). */
    public static byte[] decode(byte[] raw, String contentEncoding) throws DecodeException {
        if (isIdentity(contentEncoding)) return raw;
        String[] codings = contentEncoding.split(",");
        byte[] data = raw;
        for (int i = codings.length - 1; i >= 0; i--) {
            String coding = Headers.asciiLowerCase(codings[i].trim());
            try {
                data = decodeOne(data, coding);
            } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
                throw new DecodeException("cannot decode " + coding + " body: " + e.getMessage(), e);
            }
        }
        return data;
    }

    /** Encodes a body with the codings of a Content-Encoding header value (applied left to right). */
    public static byte[] encode(byte[] plain, String contentEncoding) {
        if (isIdentity(contentEncoding)) return plain;
        byte[] data = plain;
        for (String c : contentEncoding.split(",")) {
            String coding = Headers.asciiLowerCase(c.trim());
            try {
                data = encodeOne(data, coding);
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode " + coding, e);
            }
        }
        return data;
    }

    private static byte[] decodeOne(byte[] data, String coding) throws IOException {
        switch (coding) {
            case "", "identity":
                return data;
            case "gzip", "x-gzip":
                return readAll(new GZIPInputStream(new ByteArrayInputStream(data)));
            case "deflate":
                // Servers send both zlib-wrapped and raw deflate under this name.
                try {
                    return readAll(new InflaterInputStream(new ByteArrayInputStream(data)));
                } catch (IOException zlibFailed) {
                    return readAll(new InflaterInputStream(new ByteArrayInputStream(data), new Inflater(true)));
                }
            case "br":
                ensureBrotli();
                return readAll(new BrotliInputStream(new ByteArrayInputStream(data)));
            case "zstd":
                return readAll(new ZstdInputStream(new ByteArrayInputStream(data)));
            default:
                throw new IOException("unknown content encoding");
        }
    }

    private static byte[] encodeOne(byte[] data, String coding) throws IOException {
        switch (coding) {
            case "", "identity":
                return data;
            case "gzip", "x-gzip": {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                    gz.write(data);
                }
                return out.toByteArray();
            }
            case "deflate": {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (DeflaterOutputStream d = new DeflaterOutputStream(out)) {
                    d.write(data);
                }
                return out.toByteArray();
            }
            case "br":
                ensureBrotli();
                return Encoder.compress(data);
            case "zstd":
                return Zstd.compress(data);
            default:
                throw new IOException("unknown content encoding " + coding);
        }
    }

    private static volatile boolean brotliLoaded;

    private static void ensureBrotli() throws IOException {
        if (brotliLoaded) return;
        Brotli4jLoader.ensureAvailability();
        brotliLoaded = true;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
