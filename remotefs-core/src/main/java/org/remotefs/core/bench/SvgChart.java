package org.remotefs.core.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison as a bar chart in SVG, written by hand: per operation a bar of remotefs's median
 * over a lighter bar of its p95, and Cinder's two beneath when Cinder was measured, with the ratio.
 * The axis is logarithmic when the figures span more than two decades (a lock's 0.01 ms beside a
 * Cinder snapshot delete's second), linear otherwise.
 */
public final class SvgChart {
    private static final int LEFT = 230;
    private static final int PLOT = 560;
    private static final int TOP = 60;
    private static final int BAR = 11;
    private static final int GAP = 8;
    /** Below this a figure is drawn at this length on a log axis: a rounded 0 ms still shows. */
    private static final double FLOOR_MS = 0.01;
    private static final String OWN = "#1f77b4";
    private static final String OWN_P95 = "#aec7e8";
    private static final String CINDER = "#d62728";
    private static final String CINDER_P95 = "#ff9896";

    public String write(BenchmarkComparison comparison) {
        boolean cinder = comparison.cinderMeasured();
        List<Double> values = new ArrayList<>();
        for (BenchmarkComparison.Row row : comparison.rows()) {
            values.add(row.remotefs().medianMs());
            values.add(row.remotefs().p95Ms());
            if (row.cinder() != null) {
                values.add(row.cinder().medianMs());
                values.add(row.cinder().p95Ms());
            }
        }
        Axis axis = Axis.of(values);
        int group = (cinder ? 2 : 1) * BAR + GAP;
        int height = TOP + comparison.rows().size() * group + 40;
        int width = LEFT + PLOT + 70;
        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">\n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height));
        text(svg, 10, 18, "start", "remotefs bench: median (dark) and p95 (light) per operation, ms, "
                + (axis.log() ? "log scale" : "linear scale"), "font-size=\"13\"");
        legend(svg, 10, 36, OWN, "remotefs");
        if (cinder) {
            legend(svg, 110, 36, CINDER, "Cinder NFS driver (ratio: Cinder median / remotefs median)");
        } else {
            text(svg, 110, 45, "start", "Cinder not measured: " + comparison.cinderNotMeasured(), "");
        }
        int bottom = TOP + comparison.rows().size() * group;
        for (double tick : axis.ticks()) {
            double x = LEFT + axis.position(tick) * PLOT;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n",
                    x, TOP - 4, x, bottom));
            text(svg, x, bottom + 14, "middle", MarkdownReport.ms(tick).replaceAll("\\.?0+$", ""), "");
        }
        int y = TOP;
        for (BenchmarkComparison.Row row : comparison.rows()) {
            text(svg, LEFT - 6, y + (cinder ? BAR + 3 : BAR - 2), "end", row.name(), "");
            bars(svg, axis, y, row.remotefs(), OWN, OWN_P95, "");
            if (cinder && row.cinder() != null) {
                bars(svg, axis, y + BAR, row.cinder(), CINDER, CINDER_P95,
                        String.format(Locale.ROOT, "%.1f×", row.ratio()));
            }
            y += group;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void bars(StringBuilder svg, Axis axis, int y, BenchmarkResult.Operation operation, String median,
            String p95, String note) {
        double p95Width = axis.position(operation.p95Ms()) * PLOT;
        double medianWidth = axis.position(operation.medianMs()) * PLOT;
        rect(svg, y, p95Width, p95, operation.name() + " p95 " + MarkdownReport.ms(operation.p95Ms()) + " ms");
        rect(svg, y, medianWidth, median, operation.name() + " median " + MarkdownReport.ms(operation.medianMs()) + " ms");
        text(svg, LEFT + Math.max(p95Width, medianWidth) + 4, y + BAR - 2, "start",
                MarkdownReport.ms(operation.medianMs()) + (note.isEmpty() ? "" : "  " + note), "font-size=\"9\"");
    }

    private static void rect(StringBuilder svg, int y, double width, String fill, String title) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                + "<title>%s</title></rect>\n", LEFT, y, Math.max(width, 1), BAR - 1, fill, escape(title)));
    }

    private static void legend(StringBuilder svg, int x, int y, String fill, String label) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>\n", x, y,
                fill));
        text(svg, x + 14, y + 9, "start", label, "");
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String text, String attributes) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>\n", x, y,
                anchor, attributes, escape(text)));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Where a figure falls on the plot, 0 to 1. */
    record Axis(boolean log, double low, double high) {
        static Axis of(List<Double> values) {
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            double min = values.stream().mapToDouble(v -> Math.max(v, FLOOR_MS)).min().orElse(FLOOR_MS);
            max = Math.max(max, FLOOR_MS);
            if (max / min > 100) {
                return new Axis(true, Math.floor(Math.log10(min)), Math.ceil(Math.log10(max)));
            }
            double step = Math.pow(10, Math.floor(Math.log10(max)));
            return new Axis(false, 0, Math.ceil(max / step) * step);
        }

        double position(double value) {
            if (log) {
                return (Math.log10(Math.max(value, FLOOR_MS)) - low) / (high - low);
            }
            return value / high;
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double power = low; power <= high; power++) {
                    ticks.add(Math.pow(10, power));
                }
            } else {
                for (int i = 0; i <= 5; i++) {
                    ticks.add(high * i / 5);
                }
            }
            return ticks;
        }
    }
}
