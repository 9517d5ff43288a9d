using Microsoft.Extensions.Options;

namespace Outreach.Storage;

/// <summary>Names every mistake in <c>Storage</c> when the options are first used, so a command says which key to fix.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        options.Validate().ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
