package io.harwarden.casestore.jira;

import io.quarkus.test.junit.QuarkusTest;

/** The whole flows on Jira Cloud: the v3 API, the token-paged search, {@code content/{id}?redirect=false}. */
@QuarkusTest
class JiraCloudFlowTest extends JiraFlows {
    @Override
    protected boolean dataCenter() {
        return false;
    }
}
