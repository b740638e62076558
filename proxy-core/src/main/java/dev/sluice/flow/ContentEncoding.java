package dev.sluice.flow;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.FilterOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
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
        try {
            return readAll(decoding(new ByteArrayInputStream(raw), contentEncoding));
        } catch (DecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new DecodeException(e.getMessage(), e);
        }
    }

    /** Encodes a body with the codings of a Content-Encoding header value (applied left to right). */
    public static byte[] encode(byte[] plain, String contentEncoding) {
        if (isIdentity(contentEncoding)) return plain;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encoder = encoding(out, contentEncoding)) {
            encoder.write(plain);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + contentEncoding, e);
        }
        return out.toByteArray();
    }

    /**
     * The decoded bytes of a raw stream, decoded as they are read (for bodies kept on disk);
     * a failure surfaces as a {@link DecodeException} naming the coding.
     */
    public static InputStream decoding(InputStream raw, String contentEncoding) throws DecodeException {
        if (isIdentity(contentEncoding)) return raw;
        String[] codings = contentEncoding.split(",");
        InputStream in = raw;
        for (int i = codings.length - 1; i >= 0; i--) {
            String coding = Headers.asciiLowerCase(codings[i].trim());
            in = new Decoding(in, coding);
        }
        return in;
    }

    /**
     * A stream that encodes what is written to it onto {@code out}; closing it finishes the
     * encoding and flushes, but leaves {@code out} open.
     */
    public static OutputStream encoding(OutputStream out, String contentEncoding) throws IOException {
        OutputStream sink = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        if (isIdentity(contentEncoding)) return sink;
        String[] codings = contentEncoding.split(",");
        OutputStream s = sink;
        for (int i = codings.length - 1; i >= 0; i--) s = encodingOne(s, Headers.asciiLowerCase(codings[i].trim()));
        return s;
    }

    private static OutputStream encodingOne(OutputStream out, String coding) throws IOException {
        switch (coding) {
            case "", "identity":
                return out;
            case "gzip", "x-gzip":
                return new GZIPOutputStream(out);
            case "deflate":
                return new DeflaterOutputStream(out);
            case "br":
                ensureBrotli();
                return new BrotliOutputStream(out);
            case "zstd":
                return new ZstdOutputStream(out);
            default:
                throw new IOException("unknown content encoding " + coding);
        }
    }

    /** One coding undone as the bytes are read; opened lazily, so a bad header fails on the first read. */
    private static final class Decoding extends InputStream {
        private final InputStream raw;
        private final String coding;
        private InputStream in;

        Decoding(InputStream raw, String coding) {
            this.raw = raw;
            this.coding = coding;
        }

        private InputStream open() throws IOException {
            switch (coding) {
                case "", "identity":
                    return raw;
                case "gzip", "x-gzip":
                    return new GZIPInputStream(raw);
                case "deflate": {
                    // servers send both zlib-wrapped and raw deflate under this name: the zlib header tells
                    PushbackInputStream p = new PushbackInputStream(raw, 2);
                    byte[] head = p.readNBytes(2);
                    p.unread(head);
                    boolean zlib = head.length == 2 && (head[0] & 0x0f) == 8 && (((head[0] & 0xff) << 8) | (head[1] & 0xff)) % 31 == 0;
                    return zlib ? new InflaterInputStream(p) : new InflaterInputStream(p, new Inflater(true));
                }
                case "br":
                    ensureBrotli();
                    return new BrotliInputStream(raw);
                case "zstd":
                    return new ZstdInputStream(raw);
                default:
                    throw new IOException("unknown content encoding");
            }
        }

        private DecodeException failed(Throwable e) {
            return e instanceof DecodeException d ? d : new DecodeException("cannot decode " + coding + " body: " + e.getMessage(), e);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                if (in == null) in = open();
                return in.read(b, off, len);
            } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
                throw failed(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (in != null) in.close();
            else raw.close();
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
