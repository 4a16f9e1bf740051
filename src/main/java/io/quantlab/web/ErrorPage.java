package io.quantlab.web;

/** The view model of a page that says what went wrong and what to do. */
public record ErrorPage(Page page, int status, String message) {
}
