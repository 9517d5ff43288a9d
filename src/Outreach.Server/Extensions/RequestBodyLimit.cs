using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Outreach.Server.Extensions;

/// <summary>
/// Refuses a body declared larger than <see cref="ServerOptions.MaxRequestBodyBytes"/> with 413 before reading it,
/// and caps a body without a declared length on servers that can (Kestrel; the test host cannot).
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IOptions<ServerOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var max = options.Value.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = max;
        if (context.Request.ContentLength > max)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge, Title = "Body too large",
                    Detail = $"The body is {context.Request.ContentLength} bytes, more than the {max} accepted; send smaller batches.",
                },
            });
            return;
        }
        await next(context);
    }
}
