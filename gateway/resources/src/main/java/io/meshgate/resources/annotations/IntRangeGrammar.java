package io.meshgate.resources.annotations;

/** A decimal integer within bounds, digits only (no sign, no spaces). */
public final class IntRangeGrammar implements Grammar<Integer> {
    private final int min;
    private final int max;

    public IntRangeGrammar(int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("bounds must satisfy 0 <= min <= max: " + min + ", " + max);
        }
        this.min = min;
        this.max = max;
    }

    /** The largest accepted value. */
    public int max() {
        return max;
    }

    @Override
    public Parsed<Integer> parse(String text) {
        // the length check keeps parseInt from overflowing; max has at most that many digits
        boolean digits = !text.isEmpty() && text.length() <= String.valueOf(max).length()
                && text.chars().allMatch(c -> c >= '0' && c <= '9');
        if (digits) {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return Parsed.value(value);
            }
        }
        return Parsed.invalid(Messages.invalid(text, "must be an integer from " + min + " to " + max));
    }

    @Override
    public String accepted() {
        return "an integer from " + min + " to " + max;
    }
}
