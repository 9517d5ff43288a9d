using Microsoft.Extensions.Options;

namespace Outreach.Server.Security;

/// <summary>Refuses to start with a key whose hash is not hex SHA-256 or whose scope does not exist, naming the entry.</summary>
public sealed class ApiKeyOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var where = $"{ServerOptions.SectionName}:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name)) failures.Add($"{where}:Name is required.");
            if (key.Hash.Length != 64 || !key.Hash.All(Uri.IsHexDigit))
                failures.Add($"{where}:Hash must be the 64 hex digits of the key's SHA-256 (outreach apikey new prints it).");
            if (key.Scopes.Count == 0) failures.Add($"{where}:Scopes is empty; give one or more of {string.Join(", ", Scopes.All)}.");
            foreach (var scope in key.Scopes.Where(s => !Scopes.All.Contains(s)))
                failures.Add($"{where}:Scopes has unknown scope '{scope}'; known: {string.Join(", ", Scopes.All)}.");
        }
        foreach (var duplicate in options.ApiKeys.GroupBy(k => k.Name).Where(g => g.Count() > 1).Select(g => g.Key))
            failures.Add($"{ServerOptions.SectionName}:ApiKeys has the name '{duplicate}' more than once.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
