namespace Outreach.Server.Security;

/// <summary>
/// What an API key may do. Endpoints ask for one with <see cref="ScopeEndpointExtensions.RequireScope{TBuilder}"/>;
/// webhooks and the unsubscribe link are authenticated by provider signature or signed link instead, never by key.
/// </summary>
public static class Scopes
{
    /// <summary>Push customers and events (store systems).</summary>
    public const string Ingest = "ingest";

    /// <summary>Ask for one customer's touch now.</summary>
    public const string Trigger = "trigger";

    /// <summary>Everything else: campaigns, runs, lists, results, the dashboard's actions. Implies the other two.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Ingest, Trigger, Admin];
}
