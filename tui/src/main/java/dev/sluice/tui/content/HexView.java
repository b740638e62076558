package dev.sluice.tui.content;

import java.util.ArrayList;
import java.util.List;

/** Offset, sixteen bytes in hex and their printable ASCII, as mitmproxy's hex view. */
final class HexView implements ContentView {
    @Override
    public String name() {
        return "hex";
    }

    @Override
    public List<String> render(Input input) {
        byte[] data = input.content();
        List<String> lines = new ArrayList<>(data.length / 16 + 1);
        for (int offset = 0; offset < data.length; offset += 16) {
            StringBuilder hex = new StringBuilder(String.format("%010x ", offset));
            StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                if (i == 8) hex.append(' ');
                if (offset + i < data.length) {
                    int b = data[offset + i] & 0xff;
                    hex.append(String.format("%02x ", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    hex.append("   ");
                }
            }
            lines.add(hex.append(' ').append(ascii).toString());
        }
        return lines;
    }
}
