package dev.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyPackerTest {

    @TempDir
    Path dir;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void packedBodiesKeepTheirBytesAcrossSharedArrays() throws Exception {
        BodyPacker packer = new BodyPacker(BodyPacker.LARGEST); // a few bodies per array
        List<byte[]> originals = new ArrayList<>();
        List<Body> packed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] b = random(1 + i * 997 % BodyPacker.LARGEST, i);
            originals.add(b.clone());
            packed.add(packer.pack(Body.of(b)));
        }
        for (int i = 0; i < originals.size(); i++) {
            Body p = packed.get(i);
            assertThat(BodyPacker.isPacked(p)).isTrue();
            assertThat(p.size()).isEqualTo(originals.get(i).length);
            assertThat(p.heapSize()).isEqualTo(originals.get(i).length);
            assertThat(p.bytes()).isEqualTo(originals.get(i));
            try (InputStream in = p.openStream()) {
                assertThat(in.readAllBytes()).isEqualTo(originals.get(i));
            }
        }
    }

    @Test
    void aPackedBodyEqualsTheBodyItCameFrom() {
        BodyPacker packer = new BodyPacker(1 << 16);
        packer.pack(Body.of("something before it"));
        Body plain = Body.of("{\"a\": 1}");
        Body packed = packer.pack(Body.of("{\"a\": 1}"));
        assertThat(packed).isEqualTo(plain);
        assertThat(plain).isEqualTo(packed);
        assertThat(packed.hashCode()).isEqualTo(plain.hashCode());
        assertThat(packed).isNotEqualTo(Body.of("{\"a\": 2}"));
        assertThat(new String(packed.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\": 1}");
    }

    @Test
    void largeEmptyAndFileBodiesAreLeftAsTheyAre() throws Exception {
        BodyPacker packer = new BodyPacker(1 << 20);
        Body large = Body.of(new byte[BodyPacker.LARGEST + 1]);
        Path file = dir.resolve("body");
        Files.write(file, random(100, 7));
        Body onDisk = new FileBody(new BodySpool(() -> dir, () -> 0), file, 100);
        assertThat(packer.pack(large)).isSameAs(large);
        assertThat(packer.pack(Body.EMPTY)).isSameAs(Body.EMPTY);
        assertThat(packer.pack(onDisk)).isSameAs(onDisk);
        Body once = packer.pack(Body.of("twice"));
        assertThat(packer.pack(once)).isSameAs(once);
    }

    @Test
    void anArrayFillsOneG1RegionWithinBounds() {
        assertThat(BodyPacker.arraySize(1 << 20)).isEqualTo((1 << 20) - 16);
        assertThat(BodyPacker.arraySize(2 << 20)).isEqualTo((2 << 20) - 16);
        assertThat(BodyPacker.arraySize(32 << 20)).isEqualTo(BodyPacker.MAX_ARRAY - 16);
        assertThat(BodyPacker.arraySize(0)).isEqualTo(1 << 20);
    }
}
