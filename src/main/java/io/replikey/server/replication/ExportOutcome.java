package io.replikey.server.replication;

import java.util.Arrays;
import java.util.UUID;

/**
 * What {@code POST /crypto/v1/keys/export} gave for one object. Refusals are outcomes, not
 * exceptions, so that one unexportable object is recorded and the scan goes on.
 */
public sealed interface ExportOutcome {

    /**
     * The object with its material. {@link #value()} is secret: callers seal it and then
     * {@link #wipe()} it; it appears in no {@code toString}.
     */
    record Exported(SourceObject object, byte[] value) implements ExportOutcome {
        /** Overwrites the material with zeros once the caller has sealed it. */
        public void wipe() {
            Arrays.fill(value, (byte) 0);
        }

        @Override
        public String toString() {
            return "Exported[" + object + ", " + value.length + " bytes]";
        }
    }

    /**
     * The source refused to export (400 or 403: not exportable, or not allowed to this app);
     * {@code reason} is the source's sanitised message.
     */
    record Refused(UUID kid, int status, String reason) implements ExportOutcome {
    }

    /**
     * The source answered 404: the object was probably deleted since it was listed. Not proof of
     * deletion (a source that does not serve export at all answers 404 too), so the engine
     * removes objects only by what the listing no longer holds.
     */
    record Gone(UUID kid) implements ExportOutcome {
    }
}
