using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Outreach.Server.Security;

public static class ApiKeyServiceCollectionExtensions
{
    /// <summary>The API key scheme as the default, and one policy per scope (<see cref="ScopePolicies.For"/>); admin implies every scope.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServerOptions>, ApiKeyOptionsValidator>());
        services.AddOptions<ServerOptions>().ValidateOnStart();
        services.AddSingleton<ApiKeyRing>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = services.AddAuthorizationBuilder();
        foreach (var scope in Scopes.All)
            authorization.AddPolicy(ScopePolicies.For(scope), policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(context =>
                    context.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope) ||
                    context.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, Scopes.Admin)));
        return services;
    }
}
