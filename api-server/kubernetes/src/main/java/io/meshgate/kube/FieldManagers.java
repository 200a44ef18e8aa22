package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Who last wrote an object, as its {@code metadata.managedFields} say. */
final class FieldManagers {
    private FieldManagers() {}

    /**
     * The manager of the entry with the latest {@code time} (of equal times, the later in the list:
     * the API server appends), or {@link ObservedChange#UNKNOWN_ACTOR} when the object names none.
     */
    static String lastManager(HasMetadata object) {
        List<ManagedFieldsEntry> entries = object == null || object.getMetadata() == null ? null
                : object.getMetadata().getManagedFields();
        if (entries == null || entries.isEmpty()) {
            return ObservedChange.UNKNOWN_ACTOR;
        }
        ManagedFieldsEntry latest = null;
        OffsetDateTime latestTime = null;
        for (ManagedFieldsEntry entry : entries) {
            if (entry.getManager() == null || entry.getManager().isBlank()) {
                continue;
            }
            OffsetDateTime time = parse(entry.getTime());
            if (latest == null || latestTime == null || (time != null && !time.isBefore(latestTime))) {
                latest = entry;
                latestTime = time;
            }
        }
        return latest == null ? ObservedChange.UNKNOWN_ACTOR : latest.getManager();
    }

    private static OffsetDateTime parse(String time) {
        if (time == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
