package dev.tributary.runtime.ingest;

import java.util.concurrent.atomic.AtomicLong;

/** The bytes of request bodies a pod holds at once; a request that would exceed the bound is refused, not queued. */
final class InFlightBytes {

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    InFlightBytes(long limit) {
        this.limit = limit;
    }

    boolean tryAcquire(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > limit) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    long held() {
        return held.get();
    }

    long limit() {
        return limit;
    }
}
