package io.meshgate.kernel.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.NamingConvention;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a registry as Envoy-like text lines ({@code name{k=v,...}: value}) for the admin
 * {@code /stats} endpoint and the CLI, which operators and the FSM demos {@code grep}. Names are
 * the Prometheus ones (so a line found here can be found in {@code /metrics} too); tags are in key
 * order and unquoted; integral values print without a fraction.
 */
final class StatsLines {
    private StatsLines() {}

    static List<String> render(MeterRegistry registry) {
        NamingConvention naming = registry.config().namingConvention();
        List<String> lines = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            String name = naming.name(id.getName(), id.getType(), id.getBaseUnit());
            String tags = tags(id, naming);
            switch (meter) {
                case Counter c -> lines.add(line(total(name), tags, c.count()));
                case FunctionCounter c -> lines.add(line(total(name), tags, c.count()));
                case Gauge g -> lines.add(line(name, tags, g.value()));
                case Timer t -> {
                    lines.add(line(name + "_count", tags, t.count()));
                    lines.add(line(name + "_sum", tags, t.totalTime(TimeUnit.SECONDS)));
                }
                case FunctionTimer t -> {
                    lines.add(line(name + "_count", tags, t.count()));
                    lines.add(line(name + "_sum", tags, t.totalTime(TimeUnit.SECONDS)));
                }
                case DistributionSummary s -> {
                    lines.add(line(name + "_count", tags, s.count()));
                    lines.add(line(name + "_sum", tags, s.totalAmount()));
                }
                case LongTaskTimer t -> lines.add(line(name + "_active", tags, t.activeTasks()));
                default -> {
                    for (Measurement m : meter.measure()) {
                        lines.add(line(name + "_" + m.getStatistic().getTagValueRepresentation(), tags, m.getValue()));
                    }
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    /** Prometheus appends {@code _total} to counters in its text format; do the same here. */
    private static String total(String name) {
        return name.endsWith("_total") ? name : name + "_total";
    }

    private static String tags(Meter.Id id, NamingConvention naming) {
        List<Tag> tags = id.getConventionTags(naming);
        if (tags.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder().append('{');
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(tags.get(i).getKey()).append('=').append(tags.get(i).getValue());
        }
        return out.append('}').toString();
    }

    private static String line(String name, String tags, double value) {
        return name + tags + ": " + number(value);
    }

    static String number(double value) {
        if (Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        // plain digits, never 1.7E9: these lines are read by people and grep
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                : Double.toString(value);
    }
}
