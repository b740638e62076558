// Example addon: per-flow streaming (features.md §14, "Addon flag").
//
// In the headers hooks an addon decides, per message, that its body passes through in chunks
// instead of being gathered:
//
//   message.setStreamed(true)               stream the body unchanged
//   message.setStreamTransform(chunk -> ..) stream it through a function over each chunk; the
//                                           function is called once more with an empty chunk at
//                                           the end, and whatever it returns is what is sent
//                                           (the message then goes out chunked, or until close
//                                           to an HTTP/1.0 client, since its length may change)
//
// Setting either later (in `request` or `response`) has no effect. A streamed body is absent
// from the flow afterwards (body() == null, streamedSize() = bytes that passed): modify_body and
// the body filters skip it. stream_large_bodies=<size> does the same by size for every flow
// (the StreamLargeBodies addon, last in the headers hooks); an addon cannot force buffering of a
// body above that threshold.
//
// This addon streams every text/plain response and upper-cases it on the way, then appends a
// marker line at the end. The same addon runs in the test suite:
// proxy-core/src/test/java/dev/sluice/net/StreamingTest.java (anAddonStreamsWithAPerChunkTransform).

import dev.sluice.addon.Addon;
import dev.sluice.flow.Flow;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

public final class StreamUppercase implements Addon {

    @Override
    public void responseHeaders(Flow flow) {
        String type = flow.response().headers().get("content-type");
        if (type == null || !type.startsWith("text/plain")) return;
        flow.response().setStreamTransform(chunk -> chunk.length == 0
                ? "\n-- streamed by StreamUppercase --\n".getBytes(StandardCharsets.US_ASCII)
                // ASCII only: a multi-byte character may be split between two chunks
                : new String(chunk, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1));
    }
}
