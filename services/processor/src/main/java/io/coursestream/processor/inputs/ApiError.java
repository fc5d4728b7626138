package io.coursestream.processor.inputs;

/** The body of an error answer: what went wrong, in a sentence for people. */
public record ApiError(String message) {
}
