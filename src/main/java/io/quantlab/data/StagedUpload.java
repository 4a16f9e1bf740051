package io.quantlab.data;

/**
 * An uploaded zip that passed the quick checks (size, entries, format from its listing) and
 * waits in a hidden folder of the user data set folder to be unpacked and decoded by
 * {@link Datasets#importStaged}.
 *
 * @param folder the hidden folder's name (not a path), e.g. {@code .upload-123}
 * @param format the format found in the listing, e.g. "Tiny-ImageNet-200"
 */
public record StagedUpload(String name, String folder, String format) {
}
