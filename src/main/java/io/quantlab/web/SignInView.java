package io.quantlab.web;

public record SignInView(Page page, String email, String next, String error, boolean expired) {
}
