package io.harwarden.casestore;

/**
 * A file to attach to a case.
 *
 * @param name file name to show on the case
 * @param contentType MIME type
 * @param description description or comment, where the store keeps one (marks HAR Warden's outputs)
 * @param length exact length of the content in bytes
 */
public record Upload(String name, String contentType, String description, long length) {
}
