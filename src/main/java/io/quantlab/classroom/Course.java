package io.quantlab.classroom;

/** A course; {@code joinCodeEnabled} false: its code joins nobody until an instructor enables it again. */
public record Course(long id, String name, String joinCode, boolean joinCodeEnabled, int students) {
}
