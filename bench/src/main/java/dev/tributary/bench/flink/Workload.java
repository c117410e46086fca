package dev.tributary.bench.flink;

import java.util.List;

/** One query, run the same way by both sides: a SELECT over the tables {@code bids} (and {@code auctions}). */
record Workload(String name, String nexmark, boolean joinsAuctions, String select) {

    static final List<Workload> ALL = List.of(
            new Workload("pass-through", "q0", false, "SELECT * FROM bids"),
            new Workload("filter+projection", "q1+q2", false,
                    "SELECT auction, bidder, price * 908 / 1000 AS euro, ts FROM bids WHERE MOD(auction, 3) = 0"),
            new Workload("tumbling", "", false,
                    "SELECT auction, window_start, window_end, COUNT(*) AS bids, MAX(price) AS top"
                    + " FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
                    + " GROUP BY auction, window_start, window_end"),
            new Workload("hopping", "q5 (counts)", false,
                    "SELECT auction, window_start, window_end, COUNT(*) AS bids"
                    + " FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
                    + " GROUP BY auction, window_start, window_end"),
            new Workload("session", "q11", false,
                    "SELECT bidder, window_start, window_end, COUNT(*) AS bids"
                    + " FROM TABLE(SESSION(TABLE bids PARTITION BY bidder, DESCRIPTOR(ts), INTERVAL '2' SECOND))"
                    + " GROUP BY bidder, window_start, window_end"),
            new Workload("interval join", "q3-like (bids with their auction)", true,
                    "SELECT b.auction, b.bidder, b.price, a.seller, a.category, b.ts FROM bids b JOIN auctions a"
                    + " ON b.auction = a.id AND b.ts BETWEEN a.ts AND a.ts + INTERVAL '10' SECOND"),
            new Workload("q7 highest bid", "q7 (as a window top-1)", false,
                    "SELECT auction, price, bidder, ts, window_start, window_end FROM (SELECT *, ROW_NUMBER() OVER"
                    + " (PARTITION BY window_start, window_end ORDER BY price DESC, auction, bidder) AS rn"
                    + " FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))) WHERE rn = 1"));

    static List<Workload> selected(String names) {
        if (names == null || names.isBlank() || names.equals("all")) {
            return ALL;
        }
        List<String> wanted = List.of(names.split(","));
        return ALL.stream().filter(w -> wanted.contains(w.name()) || wanted.contains(w.name().replace(' ', '-')))
                .toList();
    }
}
