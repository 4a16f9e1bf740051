package io.quantlab.account;

public record User(long id, String email, String displayName, Role role) {
}
