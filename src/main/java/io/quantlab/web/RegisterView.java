package io.quantlab.web;

public record RegisterView(Page page, String email, String name, String joinCode, String error) {
}
