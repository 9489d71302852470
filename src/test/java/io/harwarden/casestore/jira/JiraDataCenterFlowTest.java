package io.harwarden.casestore.jira;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The same whole flows on Jira Data Center: the v2 API, the offset-paged search, downloads from
 * {@code /secure/attachment}; the model answers 404 to every Cloud-only path, so a call the store got wrong fails.
 */
@QuarkusTest
class JiraDataCenterFlowTest extends JiraFlows {
    @Override
    protected boolean dataCenter() {
        return true;
    }
}
