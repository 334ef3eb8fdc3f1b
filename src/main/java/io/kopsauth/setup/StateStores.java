package io.kopsauth.setup;

import java.util.Optional;

/** kops state store URLs: kopsauth manages S3 stores, {@code s3://bucket[/prefix]}. */
public final class StateStores {
    private StateStores() {}

    /** The bucket of an {@code s3://} store, or empty if the URL is not an S3 store. */
    public static Optional<String> bucket(String store) {
        if (store == null || !store.startsWith("s3://")) return Optional.empty();
        String rest = store.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        return bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") ? Optional.of(bucket) : Optional.empty();
    }

    /** The store without a trailing slash (kops trims it too). */
    public static String normalize(String store) {
        return store.endsWith("/") ? store.substring(0, store.length() - 1) : store;
    }
}
