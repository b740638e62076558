package dev.sluice.net;

import dev.sluice.flow.Response;
import dev.sluice.flow.StatusPage;

/** The pages the proxy core answers with when it refuses or fails a request (security.md §1): they close the connection. */
final class ErrorPages {
    private ErrorPages() {
    }

    static Response make(int status, String reason) {
        Response page = StatusPage.make(status, reason);
        page.headers().add("Connection", "close");
        return page;
    }
}
