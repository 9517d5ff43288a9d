using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Outreach.Server.Security;

/// <summary>
/// Puts the API key into the OpenAPI document: the <c>X-Api-Key</c> header as a security scheme every operation asks
/// for, so the browsable reference at <c>/docs</c> can send a key and a generated client knows to. (Webhooks are
/// authenticated by provider signature instead; they ignore the key.)
/// </summary>
public sealed class ApiKeyOpenApi : IOpenApiDocumentTransformer
{
    public const string SchemeName = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyHash.Header,
            Description = "A key made with `outreach apikey new`; its scopes (ingest, trigger, admin) decide what it may call.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
        return Task.CompletedTask;
    }
}
