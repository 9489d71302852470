package io.harwarden.har;

/** What kind of secret a redaction removed; its label appears in markers and reports. */
public enum Category {
    AUTH("auth"),
    COOKIE("cookie"),
    TOKEN("token"),
    PASSWORD("password"),
    SECRET("secret"),
    API_KEY("api-key"),
    SESSION("session"),
    CSRF("csrf"),
    SIGNATURE("signature"),
    SAML("saml"),
    OAUTH_CODE("oauth-code"),
    CREDENTIAL("credential"),
    URL_PASSWORD("url-password"),
    JWT_SIGNATURE("jwt-signature"),
    JWE("jwe"),
    PRIVATE_KEY("private-key"),
    AWS_ACCESS_KEY("aws-access-key"),
    GITHUB_TOKEN("github-token"),
    GITLAB_TOKEN("gitlab-token"),
    SLACK_TOKEN("slack-token"),
    STRIPE_KEY("stripe-key"),
    GOOGLE_API_KEY("google-api-key"),
    GOOGLE_OAUTH_TOKEN("google-oauth-token"),
    NPM_TOKEN("npm-token"),
    OPENAI_KEY("openai-key"),
    ANTHROPIC_KEY("anthropic-key"),
    SENDGRID_KEY("sendgrid-key"),
    SHOPIFY_TOKEN("shopify-token"),
    HUGGINGFACE_TOKEN("huggingface-token"),
    DIGITALOCEAN_TOKEN("digitalocean-token"),
    SAML_SIGNATURE("saml-signature"),
    WEBHOOK("webhook");

    private final String label;

    Category(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
