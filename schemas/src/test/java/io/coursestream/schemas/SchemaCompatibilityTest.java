// Tier: unit (Avro's compatibility checker over the .avsc files, no registry).
package io.coursestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.api.Test;

/**
 * The registry enforces BACKWARD compatibility at run time; this test catches a breaking change at build
 * time: every schema must read data written with its last released version (the snapshot).
 */
class SchemaCompatibilityTest {

    private final Map<String, Schema> current = SchemaFiles.parseAll(SchemaFiles.CURRENT);
    private final Map<String, Schema> released = SchemaFiles.parseAll(SchemaFiles.SNAPSHOTS);

    @Test
    void shouldHaveASnapshotOfTheReleasedCatalogue() {
        assertThat(released).as("snapshots under %s", SchemaFiles.SNAPSHOTS).isNotEmpty();
    }

    @Test
    void shouldReadEverythingWrittenWithTheReleasedSchemas() {
        List<String> incompatible = new ArrayList<>();
        released.forEach((name, writer) -> {
            Schema reader = current.get(name);
            if (reader == null) {
                return;
            }
            SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
            if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                incompatible.add(name + ": " + result.getResult().getIncompatibilities());
            }
        });
        assertThat(incompatible).as("schemas that cannot read their released version (BACKWARD)").isEmpty();
    }

    @Test
    void shouldNotRemoveAReleasedType() {
        assertThat(current.keySet())
                .as("released types must stay: consumers of old data still need them")
                .containsAll(released.keySet());
    }

    @Test
    void shouldRejectAFieldAddedWithoutDefault() {
        // Guards the checker itself: a released type gaining a required field must be reported.
        Schema writer = new Schema.Parser().parse("""
                {"type":"record","name":"Probe","fields":[{"name":"id","type":"string"}]}""");
        Schema reader = new Schema.Parser().parse("""
                {"type":"record","name":"Probe","fields":[{"name":"id","type":"string"},{"name":"n","type":"long"}]}""");

        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);

        assertThat(result.getType()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
    }
}
