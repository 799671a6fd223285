package io.signingsync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PresignedUrlTest {

    @Test
    void logFormDropsQueryAndUserinfo() {
        PresignedUrl url = new PresignedUrl("https://user:pw@s3.example.test/bucket/key?X-Amz-Signature=abc#part");

        assertEquals("https://s3.example.test/bucket/key", url.toString());
    }

    @Test
    void logFormKeepsPlainUrl() {
        assertEquals("https://s3.example.test/bucket/a@b.p12", PresignedUrl.withoutQuery(
                "https://s3.example.test/bucket/a@b.p12?X-Amz-Credential=xyz"));
    }
}
