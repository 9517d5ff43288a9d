using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Outreach.Server.Apis;

namespace Outreach.Server.Extensions;

/// <summary>
/// Turns a request the endpoints could not even read (bad JSON, a value of the wrong type, no body, a body over
/// the limit) into RFC 7807 problem details naming the field, instead of a bare 400.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, IOptions<ServerOptions> options) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;

        var json = FindJsonException(bad);
        var field = json is null ? null : JsonFields.Name(json);
        // A query or route value that is not of its parameter's type: the framework says 'Failed to bind parameter
        // "Nullable<int> days" from "abc".'; the sender is told which parameter and what it got.
        var binding = json is null ? UnboundParameter().Match(bad.Message) : Match.Empty;
        if (binding.Success) field = binding.Groups["name"].Value;
        var (title, detail) = (bad.StatusCode, json) switch
        {
            _ when binding.Success => ("Bad parameter", $"'{binding.Groups["value"].Value}' is not a valid value for {field}."),
            (StatusCodes.Status413PayloadTooLarge, _) => ("Body too large", $"The body is larger than {options.Value.MaxRequestBodyBytes} bytes; send smaller batches."),
            (_, { } e) => ("Malformed JSON", JsonFields.Describe(e)),
            (StatusCodes.Status415UnsupportedMediaType, _) => ("Unsupported media type", "Send the body as JSON (Content-Type: application/json)."),
            // "Implicit body inferred for parameter "body" but no body was provided" (or "... was not provided").
            _ when bad.Message.Contains("no body was provided", StringComparison.Ordinal) || bad.Message.Contains("was not provided", StringComparison.Ordinal)
                => ("Body missing", "This endpoint needs a JSON body."),
            _ => ("Bad request", bad.Message),
        };
        context.Response.StatusCode = bad.StatusCode;
        var problem = new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = { Status = bad.StatusCode, Title = title, Detail = detail } };
        if (!string.IsNullOrEmpty(field)) problem.ProblemDetails.Extensions["field"] = field;
        await problems.WriteAsync(problem);
        return true;
    }

    [GeneratedRegex("""Failed to bind parameter "(?:[^"]* )?(?<name>\w+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex UnboundParameter();

    private static JsonException? FindJsonException(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is JsonException json) return json;
        return null;
    }
}
