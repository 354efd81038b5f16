/**
 * The DSM wire model: Jackson records for request and response bodies, named and shaped as the
 * DSM OpenAPI contract has them, read and written through {@link io.replikey.wire.Json}. No server
 * code. Records are immutable carriers that may be shared between threads once built; the byte
 * arrays and lists they hold are not copied, so no one may change them after construction.
 * Request records parse every field of their DSM schema; the fields replikey does not implement
 * are named by {@link io.replikey.wire.PartlySupported#unsupportedFields()} for the service to refuse.
 */
package io.replikey.wire;
