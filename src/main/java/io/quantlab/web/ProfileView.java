package io.quantlab.web;

import io.quantlab.account.ApiToken;
import java.util.List;

/** The profile page; {@code newToken} is shown once, right after it was made. */
public record ProfileView(Page page, List<ApiToken> tokens, String newToken, String error) {
}
