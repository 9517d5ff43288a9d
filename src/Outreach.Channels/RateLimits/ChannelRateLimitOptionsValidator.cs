using Microsoft.Extensions.Options;

namespace Outreach.Channels.RateLimits;

/// <summary>Names every mistake in <c>Channels:RateLimits</c> when the options are first used (at start under a host).</summary>
internal sealed class ChannelRateLimitOptionsValidator : IValidateOptions<ChannelRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, ChannelRateLimitOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
