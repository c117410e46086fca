package dev.tributary.runtime.ingest;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Answers of requests that carried an {@code Idempotency-Key}, kept for a window (10 minutes by default) and up to a
 * number of keys (oldest forgotten first), in the pod's memory: a retry within the window gets the first answer
 * again instead of writing twice. A key still being written answers 409; a key reused with another body, 422.
 * Only final answers are kept (2xx, and 4xx about the request); a 429 or 503 is forgotten, so its retry writes.
 */
final class IdempotencyKeys {

    /** What to do with a request that carries a key. */
    sealed interface Claim permits Fresh, Replay, Busy, Mismatch {
    }

    record Fresh() implements Claim {
    }

    record Replay(IngestResponse response) implements Claim {
    }

    record Busy() implements Claim {
    }

    record Mismatch() implements Claim {
    }

    private record Entry(byte[] bodyDigest, long at, IngestResponse response) {
    }

    private final long windowNanos;
    private final int maxKeys;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    IdempotencyKeys(Duration window, int maxKeys, LongSupplier nanoClock) {
        this.windowNanos = window.toNanos();
        this.maxKeys = maxKeys;
        this.clock = nanoClock;
    }

    synchronized Claim claim(String key, byte[] bodyDigest) {
        long now = clock.getAsLong();
        expire(now);
        Entry entry = entries.get(key);
        if (entry == null) {
            if (entries.size() >= maxKeys) {
                Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
            entries.put(key, new Entry(bodyDigest, now, null));
            return new Fresh();
        }
        if (!MessageDigest.isEqual(entry.bodyDigest(), bodyDigest)) {
            return new Mismatch();
        }
        return entry.response() == null ? new Busy() : new Replay(entry.response());
    }

    synchronized void complete(String key, IngestResponse response) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return;
        }
        if (response.isFinal()) {
            entries.put(key, new Entry(entry.bodyDigest(), entry.at(), response));
        } else {
            entries.remove(key);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private void expire(long now) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (now - e.at() < windowNanos) {
                return; // insertion order: the rest are younger
            }
            if (e.response() != null) {
                it.remove();
            }
        }
    }
}
