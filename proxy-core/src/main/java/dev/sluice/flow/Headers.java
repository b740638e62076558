package dev.sluice.flow;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * An ordered header multimap that keeps names in their original case and order. Lookups compare
 * names with ASCII-only case folding (never locale- or Unicode-aware), so {@code chun\u212Aed}
 * is never {@code chunked}. Values are kept as received: one char per byte (ISO-8859-1), so any
 * byte survives a round trip.
 */
public final class Headers implements Iterable<Headers.Field> {

    /** One header line. */
    public record Field(String name, String value) {
        public Field {
            if (name == null || value == null) throw new NullPointerException("header name and value");
        }
    }

    private final ArrayList<Field> fields;
    private String block; // cache of block(), dropped by every change

    public Headers() {
        this.fields = new ArrayList<>();
    }

    private Headers(ArrayList<Field> fields) {
        this.fields = fields;
    }

    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("names and values must pair up");
        Headers h = new Headers();
        for (int i = 0; i < namesAndValues.length; i += 2) h.add(namesAndValues[i], namesAndValues[i + 1]);
        return h;
    }

    /** ASCII-only case-insensitive comparison. */
    public static boolean nameEquals(String a, String b) {
        if (a.length() != b.length()) return false;
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i), y = b.charAt(i);
            if (x == y) continue;
            if (asciiLower(x) != asciiLower(y)) return false;
        }
        return true;
    }

    public static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    public static String asciiLowerCase(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (sb == null) sb = new StringBuilder(s);
                sb.setCharAt(i, (char) (c + 32));
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** The first value for the name, or null. */
    public String get(String name) {
        for (Field f : fields) if (nameEquals(f.name, name)) return f.value;
        return null;
    }

    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        for (Field f : fields) if (nameEquals(f.name, name)) out.add(f.value);
        return out;
    }

    public int count(String name) {
        int n = 0;
        for (Field f : fields) if (nameEquals(f.name, name)) n++;
        return n;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    public Headers add(String name, String value) {
        block = null;
        fields.add(new Field(name, value));
        return this;
    }

    /**
     * Sets a single value: the first field of that name keeps its place (and its spelling) and
     * takes the value, later fields of the name are removed; without one, the field is appended.
     */
    public Headers set(String name, String value) {
        block = null;
        int first = -1;
        for (int i = 0; i < fields.size(); i++) {
            if (nameEquals(fields.get(i).name, name)) {
                if (first < 0) {
                    first = i;
                    fields.set(i, new Field(fields.get(i).name, value));
                } else {
                    fields.remove(i--);
                }
            }
        }
        if (first < 0) fields.add(new Field(name, value));
        return this;
    }

    /** Replaces all values of a name, keeping the position of the first occurrence. */
    public Headers setAll(String name, List<String> values) {
        block = null;
        int pos = -1;
        for (int i = 0; i < fields.size(); i++) {
            if (nameEquals(fields.get(i).name, name)) {
                if (pos < 0) pos = i;
                fields.remove(i--);
            }
        }
        if (pos < 0) pos = fields.size();
        for (String v : values) fields.add(pos++, new Field(name, v));
        return this;
    }

    /** Removes every field of the name; returns whether any was removed. */
    public boolean remove(String name) {
        block = null;
        return fields.removeIf(f -> nameEquals(f.name, name));
    }

    /** Removes every field the predicate accepts; returns whether any was removed. */
    public boolean removeIf(java.util.function.Predicate<Field> filter) {
        block = null;
        return fields.removeIf(filter);
    }

    public int size() {
        return fields.size();
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public Field field(int index) {
        return fields.get(index);
    }

    public List<Field> fields() {
        return List.copyOf(fields);
    }

    public void clear() {
        block = null;
        fields.clear();
    }

    /**
     * Every field as {@code Name: value\r\n}, in order and original case: the block that header
     * filters search. Built once and kept until the next change, since several filters usually
     * look at the same message.
     */
    public String block() {
        String b = block;
        if (b == null) {
            int length = 0;
            for (Field f : fields) length += f.name.length() + f.value.length() + 4;
            StringBuilder sb = new StringBuilder(length);
            for (Field f : fields) sb.append(f.name).append(": ").append(f.value).append("\r\n");
            block = b = sb.toString();
        }
        return b;
    }

    public Headers copy() {
        return new Headers(new ArrayList<>(fields));
    }

    @Override
    public Iterator<Field> iterator() {
        return fields().iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers h && h.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Field f : fields) sb.append(f.name).append(": ").append(f.value).append('\n');
        return sb.toString();
    }
}
