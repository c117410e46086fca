package dev.tributary.e2e.dashboards;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A small Java2D drawing of a dashboard's panels, so a reviewer sees what Grafana would show: a grid of time-series
 * panels, each with its title, a y axis in the panel's unit, a time axis, the series as lines and a legend with the
 * last value. Not Grafana; the panels' data are the real Prometheus answers.
 */
final class DashboardPicture {

    /** One series: its legend and its samples (epoch seconds, value; NaN breaks the line). */
    record Series(String legend, double[] times, double[] values) {
    }

    record PanelData(String row, String title, String unit, List<Series> series) {
    }

    private static final int COLUMNS = 3;
    private static final int PANEL_W = 520;
    private static final int PANEL_H = 290;
    private static final int GAP = 12;
    private static final int HEADER = 56;
    private static final Color BACKGROUND = new Color(0x11, 0x12, 0x17);
    private static final Color PANEL = new Color(0x18, 0x1b, 0x1f);
    private static final Color GRID = new Color(0x2c, 0x30, 0x36);
    private static final Color TEXT = new Color(0xd8, 0xd9, 0xda);
    private static final Color DIM = new Color(0x8e, 0x92, 0x99);
    private static final Color[] PALETTE = {new Color(0x73, 0xbf, 0x69), new Color(0xf2, 0xcc, 0x0c),
        new Color(0x57, 0x94, 0xf2), new Color(0xff, 0x78, 0x0a), new Color(0xf2, 0x49, 0x5c),
        new Color(0xb8, 0x77, 0xd9), new Color(0x8a, 0xb8, 0xff), new Color(0x96, 0xd9, 0x8d)};
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private DashboardPicture() {
    }

    static void write(String title, List<PanelData> panels, Path png) throws IOException {
        int rows = (panels.size() + COLUMNS - 1) / COLUMNS;
        int width = GAP + COLUMNS * (PANEL_W + GAP);
        int height = HEADER + rows * (PANEL_H + GAP) + GAP;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString(title, GAP, 34);
        for (int i = 0; i < panels.size(); i++) {
            int x = GAP + (i % COLUMNS) * (PANEL_W + GAP);
            int y = HEADER + (i / COLUMNS) * (PANEL_H + GAP);
            drawPanel((Graphics2D) g.create(x, y, PANEL_W, PANEL_H), panels.get(i));
        }
        g.dispose();
        Files.createDirectories(png.getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private static void drawPanel(Graphics2D g, PanelData panel) {
        g.setColor(PANEL);
        g.fillRoundRect(0, 0, PANEL_W, PANEL_H, 6, 6);
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(panel.title(), 10, 20);
        g.setColor(DIM);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        String row = panel.row();
        g.drawString(row, PANEL_W - 10 - g.getFontMetrics().stringWidth(row), 20);

        int legendLines = Math.min(panel.series().size(), 4);
        int left = 62;
        int right = PANEL_W - 12;
        int top = 34;
        int bottom = PANEL_H - 28 - legendLines * 15;
        double[] range = range(panel.series());
        double tMin = range[0];
        double tMax = range[1];
        double vMin = Math.min(0, range[2]);
        double span = range[3] > vMin ? range[3] - vMin : 1; // all zero: an axis from 0 to 1
        double vMax = vMin + 4 * niceStep(span / 4);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= 4; i++) {
            double v = vMin + (vMax - vMin) * i / 4;
            int py = (int) Math.round(bottom - (bottom - top) * (double) i / 4);
            g.setColor(GRID);
            g.drawLine(left, py, right, py);
            g.setColor(DIM);
            String label = Units.format(v, panel.unit());
            g.drawString(label, left - 6 - fm.stringWidth(label), py + 4);
        }
        if (panel.series().isEmpty() || Double.isNaN(tMin)) {
            g.setColor(DIM);
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 13));
            g.drawString("No data", (left + right) / 2 - 25, (top + bottom) / 2);
            return;
        }
        for (int i = 0; i <= 3; i++) {
            double t = tMin + (tMax - tMin) * i / 3;
            int px = (int) Math.round(left + (right - left) * (double) i / 3);
            String label = CLOCK.format(Instant.ofEpochSecond((long) t));
            int w = fm.stringWidth(label);
            g.setColor(DIM);
            g.drawString(label, Math.max(left, Math.min(px - w / 2, right - w)), bottom + 14);
        }
        g.setStroke(new BasicStroke(1.6f));
        for (int s = 0; s < panel.series().size(); s++) {
            Series series = panel.series().get(s);
            g.setColor(PALETTE[s % PALETTE.length]);
            Path2D.Double line = new Path2D.Double();
            boolean pen = false;
            for (int k = 0; k < series.times().length; k++) {
                double v = series.values()[k];
                if (!Double.isFinite(v)) {
                    pen = false;
                    continue;
                }
                double px = tMax == tMin ? (left + right) / 2.0
                        : left + (right - left) * (series.times()[k] - tMin) / (tMax - tMin);
                double py = bottom - (bottom - top) * (v - vMin) / (vMax - vMin);
                if (pen) {
                    line.lineTo(px, py);
                } else {
                    line.moveTo(px, py);
                    pen = true;
                }
            }
            g.draw(line);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        fm = g.getFontMetrics();
        for (int s = 0; s < legendLines; s++) {
            Series series = panel.series().get(s);
            int ly = PANEL_H - 10 - (legendLines - 1 - s) * 15;
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(12, ly - 8, 12, 4);
            g.setColor(TEXT);
            String last = "last " + Units.format(last(series), panel.unit());
            String legend = series.legend();
            if (s == legendLines - 1 && panel.series().size() > legendLines) {
                legend += "  (+" + (panel.series().size() - legendLines) + " more)";
            }
            while (fm.stringWidth(legend) > PANEL_W - 150 && legend.length() > 4) {
                legend = legend.substring(0, legend.length() - 2);
            }
            g.drawString(legend, 30, ly - 2);
            g.setColor(DIM);
            g.drawString(last, PANEL_W - 12 - fm.stringWidth(last), ly - 2);
        }
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten at or above {@code raw}: grid lines at round values. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (factor * power >= raw * (1 - 1e-9)) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static double last(Series series) {
        for (int k = series.values().length - 1; k >= 0; k--) {
            if (Double.isFinite(series.values()[k])) {
                return series.values()[k];
            }
        }
        return Double.NaN;
    }

    /** tMin, tMax, vMin, vMax over every finite sample; NaNs when there is none. */
    private static double[] range(List<Series> all) {
        double tMin = Double.NaN;
        double tMax = Double.NaN;
        double vMin = 0;
        double vMax = 0;
        for (Series s : all) {
            for (int k = 0; k < s.times().length; k++) {
                tMin = Double.isNaN(tMin) ? s.times()[k] : Math.min(tMin, s.times()[k]);
                tMax = Double.isNaN(tMax) ? s.times()[k] : Math.max(tMax, s.times()[k]);
                if (Double.isFinite(s.values()[k])) {
                    vMin = Math.min(vMin, s.values()[k]);
                    vMax = Math.max(vMax, s.values()[k]);
                }
            }
        }
        return new double[] {tMin, tMax, vMin, vMax};
    }
}
