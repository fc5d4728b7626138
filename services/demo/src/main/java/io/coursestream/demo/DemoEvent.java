package io.coursestream.demo;

import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.topics.Topic;

/** One input event as an upstream service would publish it: topic, key, value and event time. */
public record DemoEvent(Topic<String, SpecificRecord> topic, String key, SpecificRecord value, long timestamp) {

    public String type() {
        return value.getSchema().getName();
    }
}
