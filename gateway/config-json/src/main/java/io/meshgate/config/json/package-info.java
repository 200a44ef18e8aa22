/**
 * {@link io.meshgate.config.ProxyConfig} to and from JSON ({@link io.meshgate.config.json.ProxyConfigJson}):
 * the format of kernel config files, of the admin {@code /config_dump} and of the config the control
 * plane hands each proxy. Knows the config records, nothing of the kernel that runs them or of the
 * control plane that builds them.
 *
 * <p>jackson-core's streaming parser and generator only, no data binding (every proxy process loads this
 * codec; jackson-databind would cost each about a thousand classes and 6-14 MiB of memory). A tree of small
 * codecs, built once from the records' component types by {@code ConfigCodecs}, does the binding:
 * {@code RecordCodec} (records through their accessors and canonical constructors), {@code TypedCodec}
 * (listeners and filters by their {@code "type"}), {@code CollectionCodec}, {@code StringMapCodec}, the
 * scalar codecs, and {@code FragmentCodec} (the {@link io.meshgate.config.json.ConfigFragments} and
 * {@link io.meshgate.config.json.ParsedFragments} caches of large configs). The wire format is pinned by
 * golden files that the Jackson databind codec before it wrote ({@code src/test/resources/wire}).
 */
package io.meshgate.config.json;
