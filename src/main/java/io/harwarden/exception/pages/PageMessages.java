package io.harwarden.exception.pages;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The pages' words in English; {@code messages/msg_ja.properties} has them in Japanese. */
@MessageBundle("msg")
public interface PageMessages {
    @Message("HAR Warden exceptions")
    String product();

    @Message("Main")
    String nav();

    @Message("My requests")
    String myRequests();

    @Message("Approvals")
    String approvals();

    @Message("Audit log")
    String audit();

    @Message("Signed in as {user}")
    String signedInAs(String user);

    @Message("Sign out")
    String signOut();

    @Message("Sign in")
    String signIn();

    @Message("Sign in with your organisation's account")
    String signInWithOrganisation();

    @Message("User name")
    String userName();

    @Message("Password")
    String password();

    @Message("The user name or the password is wrong.")
    String signInFailed();

    @Message("You are signed out.")
    String signedOut();

    @Message("This sign-in uses the users file: for trying HAR Warden only. Production signs in with OIDC.")
    String embeddedWarning();

    @Message("Files of case {caseId}")
    String caseFiles(String caseId);

    @Message("No processed HAR file on this case.")
    String noFiles();

    @Message("File")
    String file();

    @Message("Entries")
    String entries();

    @Message("Values redacted")
    String redactions();

    @Message("By category")
    String byCategory();

    @Message("Expired JWTs")
    String expiredJwts();

    @Message("Ask for part of the original")
    String askFor();

    @Message("New request")
    String newRequest();

    @Message("Filter the entries")
    String filterEntries();

    @Message("Status")
    String status();

    @Message("any")
    String anyStatus();

    @Message("no response")
    String noResponse();

    @Message("Text in method, host, path or status")
    String filterText();

    @Message("Filter")
    String filter();

    @Message("Time")
    String time();

    @Message("Method")
    String method();

    @Message("Host and path")
    String hostAndPath();

    @Message("Pick")
    String pick();

    @Message("More entries")
    String moreEntries();

    @Message("What you ask for")
    String scope();

    @Message("The values behind the markers I tick")
    String scopeMarkers();

    @Message("The entries I tick, whole")
    String scopeEntries();

    @Message("The whole original")
    String scopeFile();

    @Message("Markers")
    String markers();

    @Message("Category")
    String category();

    @Message("Marker")
    String marker();

    @Message("Entry")
    String entry();

    @Message("Tracking id (optional)")
    String trackingId();

    @Message("Justification: the ticket and why you need it (at least 30 characters)")
    String justification();

    @Message("Your OpenPGP public key (armored); leave it empty to use the one registered for you")
    String requesterKey();

    @Message("Your key on record: {fingerprint}. Leave the field below empty to use it.")
    String keyOnRecord(String fingerprint);

    @Message("Send the request")
    String send();

    @Message("Request {id} was filed.")
    String created(String id);

    @Message("Case")
    String caseId();

    @Message("State")
    String state();

    @Message("Approvals so far")
    String approvalsSoFar();

    @Message("Expires")
    String expires();

    @Message("Download (once)")
    String download();

    @Message("No requests.")
    String noRequests();

    @Message("Waiting for your decision")
    String waiting();

    @Message("Requester")
    String requester();

    @Message("What the release would expose")
    String exposure();

    @Message("credentials")
    String credentials();

    @Message("Asked for")
    String asked();

    @Message("Justification")
    String why();

    @Message("Comment (optional)")
    String commentOptional();

    @Message("Comment (required to deny)")
    String comment();

    @Message("Approve")
    String approve();

    @Message("Deny")
    String deny();

    @Message("Your own requests wait for someone else")
    String ownPending();

    @Message("The chain is intact: {records} records.")
    String chainIntact(long records);

    @Message("The chain is broken at record {at}: {reason}")
    String chainBroken(Long at, String reason);

    @Message("Event")
    String event();

    @Message("Actor")
    String actor();

    @Message("Request")
    String request();

    @Message("Details")
    String details();

    @Message("Refused")
    String refused();

    @Message("Back to my requests")
    String back();
}
