// Tier: unit (the catalogue's conventions, checked over every .avsc file).
package io.coursestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.schemas.topics.TopicRole;
import io.coursestream.schemas.topics.Topics;

/** One type per file, documented, optional fields nullable with a null default, and money never floating point. */
class SchemaConventionsTest {

    private static final String NAMESPACE_PREFIX = "io.coursestream.schemas.";

    /** Records on log topics that are entries or settings, not events: they carry no EventMetadata. */
    private static final Set<Class<? extends SpecificRecord>> STATE_RECORDS = Set.of(LedgerEntry.class, PointsRuleSet.class);

    private final Map<String, Schema> types = SchemaFiles.parseAll(SchemaFiles.CURRENT);

    @Test
    void shouldDeclareOneTypeNamedAfterItsFileInItsContextNamespace() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> violations = new ArrayList<>();
        for (Path file : SchemaFiles.list(SchemaFiles.CURRENT)) {
            JsonNode root = json.readTree(Files.readString(file));
            String fileName = file.getFileName().toString().replace(".avsc", "");
            String context = file.getParent().getFileName().toString();
            if (!root.isObject() || !fileName.equals(root.path("name").asText())) {
                violations.add(file + ": must define one type named " + fileName);
            }
            if (!(NAMESPACE_PREFIX + context).equals(root.path("namespace").asText())) {
                violations.add(file + ": namespace must be " + NAMESPACE_PREFIX + context);
            }
        }
        assertThat(violations).isEmpty();
        assertThat(types).hasSize(SchemaFiles.list(SchemaFiles.CURRENT).size());
    }

    @Test
    void shouldDocumentEveryTypeAndField() {
        List<String> undocumented = new ArrayList<>();
        types.values().forEach(type -> {
            if (isBlank(type.getDoc())) {
                undocumented.add(type.getFullName());
            }
            if (type.getType() == Schema.Type.RECORD) {
                type.getFields().stream()
                        .filter(field -> isBlank(field.doc()))
                        .forEach(field -> undocumented.add(type.getFullName() + "." + field.name()));
            }
        });
        assertThat(undocumented).as("types and fields without doc").isEmpty();
    }

    @Test
    void shouldNeverUseFloatingPointNumbers() {
        List<String> floating = new ArrayList<>();
        types.values().stream().filter(type -> type.getType() == Schema.Type.RECORD).forEach(type ->
                type.getFields().forEach(field -> {
                    if (containsFloatingPoint(field.schema(), new IdentityHashMap<>())) {
                        floating.add(type.getFullName() + "." + field.name());
                    }
                }));
        assertThat(floating).as("money is Money (minor units), rates are basis points: no float/double").isEmpty();
    }

    @Test
    void shouldMakeOptionalFieldsNullableWithNullFirstAndDefaultNull() {
        List<String> violations = new ArrayList<>();
        types.values().stream().filter(type -> type.getType() == Schema.Type.RECORD).forEach(type ->
                type.getFields().stream()
                        .filter(field -> field.schema().isNullable() && field.schema().getType() == Schema.Type.UNION)
                        .filter(field -> field.schema().getTypes().get(0).getType() != Schema.Type.NULL
                                || field.defaultVal() != JsonProperties.NULL_VALUE)
                        .forEach(field -> violations.add(type.getFullName() + "." + field.name())));
        assertThat(violations).as("optional fields must be [\"null\", T] with default null").isEmpty();
    }

    @Test
    void shouldGiveEveryEnumADefaultSymbol() {
        List<String> withoutDefault = types.values().stream()
                .filter(type -> type.getType() == Schema.Type.ENUM && type.getEnumDefault() == null)
                .map(Schema::getFullName)
                .toList();
        assertThat(withoutDefault).as("enums need a default so readers survive new symbols").isEmpty();
    }

    @Test
    void shouldStartEveryEventWithItsMetadata() {
        Set<TopicRole> eventTopics = Set.of(TopicRole.INPUT, TopicRole.OUTPUT, TopicRole.CONTROL);
        List<String> withoutMetadata = Topics.all().stream()
                .filter(topic -> eventTopics.contains(topic.role()))
                .flatMap(topic -> topic.valueSchemas().stream()
                        .filter(type -> !STATE_RECORDS.contains(type))
                        .filter(type -> !startsWithMetadata(schemaOf(type)))
                        .map(type -> topic.name() + ": " + type.getSimpleName()))
                .toList();
        assertThat(withoutMetadata).as("events start with metadata: EventMetadata").isEmpty();
    }

    @Test
    void shouldGenerateAClassForEveryTypeOnATopic() {
        List<String> missing = new ArrayList<>();
        Topics.all().forEach(topic -> topic.valueSchemas().forEach(type -> {
            if (!types.containsKey(type.getName())) {
                missing.add(topic.name() + ": " + type.getName());
            }
        }));
        assertThat(missing).as("topic value types without a .avsc file").isEmpty();
    }

    private static boolean startsWithMetadata(Schema schema) {
        Schema.Field first = schema.getFields().get(0);
        return "metadata".equals(first.name()) && first.schema().equals(EventMetadata.getClassSchema());
    }

    private static Schema schemaOf(Class<? extends SpecificRecord> type) {
        try {
            return (Schema) type.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("not a generated Avro class: " + type, e);
        }
    }

    private static boolean containsFloatingPoint(Schema schema, Map<Schema, Boolean> visited) {
        if (visited.put(schema, Boolean.TRUE) != null) {
            return false;
        }
        return switch (schema.getType()) {
            case FLOAT, DOUBLE -> true;
            case UNION -> schema.getTypes().stream().anyMatch(branch -> containsFloatingPoint(branch, visited));
            case ARRAY -> containsFloatingPoint(schema.getElementType(), visited);
            case MAP -> containsFloatingPoint(schema.getValueType(), visited);
            case RECORD -> schema.getFields().stream().anyMatch(field -> containsFloatingPoint(field.schema(), visited));
            default -> false;
        };
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
