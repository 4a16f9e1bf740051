package io.quantlab.classroom;

public record Course(long id, String name, String joinCode, int students) {
}
