namespace Outreach.Server.Security;

public static class ScopeEndpointExtensions
{
    /// <summary>Only a request with an API key holding <paramref name="scope"/> (or <see cref="Scopes.Admin"/>) reaches the endpoint.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ScopePolicies.For(scope)).WithMetadata(new RequiredScope(scope));
}

/// <summary>The authorization policy name for each scope; the policies themselves are registered with the API key scheme.</summary>
public static class ScopePolicies
{
    public static string For(string scope) => $"scope:{scope}";
}
