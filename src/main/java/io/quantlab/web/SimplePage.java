package io.quantlab.web;

/** A page that needs nothing but the layout. */
public record SimplePage(Page page) {
}
