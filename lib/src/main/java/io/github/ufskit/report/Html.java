package io.github.ufskit.report;

import java.util.Objects;

/**
 * HTML fragment that a notebook displays as rendered HTML, because the kernel shows any object
 * that is not an image as its {@code toString()}.
 */
public final class Html {

    private final String fragment;

    private Html(String fragment) {
        this.fragment = fragment;
    }

    /**
     * Wraps markup that is already valid HTML. The text is not escaped.
     *
     * @param fragment the HTML markup
     * @return the fragment
     * @throws NullPointerException if {@code fragment} is null
     */
    public static Html of(String fragment) {
        Objects.requireNonNull(fragment, "fragment is null; pass \"\" for an empty fragment");
        return new Html(fragment);
    }

    /**
     * Escapes plain text for use in HTML element content and in quoted attribute values.
     *
     * <p>Replaces {@code &}, {@code <}, {@code >}, {@code "} and {@code '} by their character
     * references and keeps every other character.
     *
     * @param text the plain text
     * @return the escaped text
     * @throws NullPointerException if {@code text} is null
     */
    public static String escape(String text) {
        Objects.requireNonNull(text, "text is null; pass \"\" for an empty text");
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /**
     * Returns the markup.
     *
     * @return the HTML fragment
     */
    public String fragment() {
        return fragment;
    }

    /**
     * Returns the markup, which is what the notebook kernel renders.
     *
     * @return the HTML fragment
     */
    @Override
    public String toString() {
        return fragment;
    }

    /**
     * Compares the markup of two fragments.
     *
     * @param other the object to compare with
     * @return whether {@code other} is an {@code Html} with the same markup
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Html html && html.fragment.equals(fragment);
    }

    /**
     * Hashes the markup.
     *
     * @return the hash code of the markup
     */
    @Override
    public int hashCode() {
        return fragment.hashCode();
    }
}
