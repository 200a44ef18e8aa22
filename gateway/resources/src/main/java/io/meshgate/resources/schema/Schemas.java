package io.meshgate.resources.schema;

/**
 * Factories for the schema building blocks, meant for static import by the per-kind validators:
 * {@code object().required("host", string().format(Formats.DNS1123_SUBDOMAIN))}.
 */
public final class Schemas {
    private Schemas() {}

    public static StringSchema string() {
        return new StringSchema();
    }

    /** A non-empty string fitting a format. */
    public static StringSchema string(Format format) {
        return new StringSchema().nonEmpty().format(format);
    }

    /** A string restricted to the given values. */
    public static StringSchema oneOf(String... values) {
        return new StringSchema().oneOf(values);
    }

    public static IntegerSchema integer() {
        return new IntegerSchema(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** An integer from {@code min} to {@code max} inclusive. */
    public static IntegerSchema integer(long min, long max) {
        return new IntegerSchema(min, max);
    }

    /** A TCP/UDP port number, 1 to 65535. */
    public static IntegerSchema port() {
        return new IntegerSchema(1, 65535);
    }

    /** A count or size that cannot be negative (uint32 in FSM's Go types). */
    public static IntegerSchema nonNegative() {
        return new IntegerSchema(0, 4_294_967_295L);
    }

    public static NumberSchema number(double min, double max) {
        return new NumberSchema(min, max);
    }

    public static BooleanSchema bool() {
        return BooleanSchema.INSTANCE;
    }

    /** A Go duration string ({@code 5s}, {@code 1m}). */
    public static StringSchema duration() {
        return string(Formats.DURATION);
    }

    public static ObjectSchema object() {
        return new ObjectSchema();
    }

    public static ArraySchema array(Schema items) {
        return new ArraySchema(items);
    }

    /** A map whose keys fit {@code keyFormat} (null: any key) and whose values fit {@code values}. */
    public static MapSchema map(Format keyFormat, Schema values) {
        return new MapSchema(keyFormat, values);
    }

    public static IntOrStringSchema intOrString(IntegerSchema whenInteger, StringSchema whenString) {
        return new IntOrStringSchema(whenInteger, whenString);
    }

    public static AnySchema any() {
        return AnySchema.INSTANCE;
    }
}
