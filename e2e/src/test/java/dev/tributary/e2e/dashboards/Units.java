package dev.tributary.e2e.dashboards;

import java.util.Locale;

/** Numbers as Grafana shows them in a panel's unit: rps, s, bytes, percentunit, none/short. */
final class Units {

    private Units() {
    }

    static String format(double v, String unit) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        return switch (unit) {
            case "percentunit" -> number(v * 100) + " %";
            case "rps" -> number(v) + "/s";
            case "s" -> seconds(v);
            case "bytes" -> bytes(v);
            default -> number(v);
        };
    }

    private static String seconds(double v) {
        double a = Math.abs(v);
        if (a != 0 && a < 1) {
            return number(v * 1000) + " ms";
        }
        if (a >= 3600) {
            return number(v / 3600) + " h";
        }
        if (a >= 120) {
            return number(v / 60) + " min";
        }
        return number(v) + " s";
    }

    private static String bytes(double v) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        while (Math.abs(v) >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return number(v) + " " + units[i];
    }

    private static String number(double v) {
        double a = Math.abs(v);
        if (a >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", v / 1_000_000);
        }
        if (a >= 10_000) {
            return String.format(Locale.ROOT, "%.1fk", v / 1000);
        }
        if (a == Math.rint(a) || a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }
}
