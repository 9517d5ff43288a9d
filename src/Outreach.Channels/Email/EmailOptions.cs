using Microsoft.Extensions.Options;

namespace Outreach.Channels.Email;

/// <summary>How the email channel reaches the SMTP server.</summary>
public enum EmailSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS; the send fails rather than go on unencrypted when the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (implicit TLS, usually port 465).</summary>
    Tls,

    /// <summary>No encryption: only for a relay on the same host or a test sink.</summary>
    None,
}

/// <summary>
/// The SMTP server the email channel sends through (section <c>Channels:Email</c>). Email uses SMTP only when
/// <see cref="Host"/> is set; otherwise it stays on the outbox. Secrets come from the environment
/// (<c>Channels__Email__Password</c>, <c>Channels__Email__UnsubscribeSecret</c>) and are never logged.
/// </summary>
public sealed class EmailOptions
{
    public const string SectionName = "Channels:Email";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public EmailSecurity Security { get; set; } = EmailSecurity.StartTls;

    /// <summary>The SMTP user; unset, mail is sent without authenticating. Used only when the server offers AUTH.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender address (header <c>From</c> and envelope <c>MAIL FROM</c>); its domain also ends every Message-ID.</summary>
    public string? From { get; set; }

    /// <summary>The name shown with <see cref="From"/>, e.g. the brand.</summary>
    public string? FromName { get; set; }

    /// <summary>
    /// The public https URL of Outreach's one-click unsubscribe endpoint (e.g. <c>https://outreach.example.com/unsubscribe</c>);
    /// every message links to it with <c>?token=</c> a signed token (<see cref="UnsubscribeLinks"/>).
    /// </summary>
    public string? UnsubscribeBaseUrl { get; set; }

    /// <summary>The HMAC-SHA256 key of unsubscribe tokens, at least 32 characters; the server that reads them needs the same key.</summary>
    public string? UnsubscribeSecret { get; set; }

    /// <summary>How long connecting, and each SMTP command, may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>SMTP connections kept open and used in parallel; sends beyond it wait for a free connection.</summary>
    public int MaxConnections { get; set; } = 4;

    /// <summary>Every mistake in the section, each naming its key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var key = SectionName;
        var when = $"when {key}:Host is set";
        if (string.IsNullOrWhiteSpace(Host))
            errors.Add($"{key}:Host is required.");
        if (Port is < 1 or > 65535)
            errors.Add($"{key}:Port must be between 1 and 65535 (it is {Port}).");
        if (!Enum.IsDefined(Security))
            errors.Add($"{key}:Security must be StartTls, Tls or None (it is {Security}).");
        if (string.IsNullOrWhiteSpace(Username) != string.IsNullOrWhiteSpace(Password))
            errors.Add($"{key}:Username and {key}:Password go together: set both (the password in the environment, Channels__Email__Password) or neither.");
        if (string.IsNullOrWhiteSpace(From))
            errors.Add($"{key}:From is required {when}.");
        else if (!EmailAddresses.TryParse(From, out _))
            errors.Add($"{key}:From must be a plain email address such as news@example.com (it is '{From}').");
        if (string.IsNullOrWhiteSpace(UnsubscribeBaseUrl))
            errors.Add($"{key}:UnsubscribeBaseUrl is required {when} (the public https URL of the one-click unsubscribe endpoint).");
        else if (!Uri.TryCreate(UnsubscribeBaseUrl, UriKind.Absolute, out var unsubscribe) || unsubscribe.Scheme != Uri.UriSchemeHttps)
            errors.Add($"{key}:UnsubscribeBaseUrl must be an absolute https URL, as RFC 8058 requires (it is '{UnsubscribeBaseUrl}').");
        if (string.IsNullOrWhiteSpace(UnsubscribeSecret))
            errors.Add($"{key}:UnsubscribeSecret is required {when}; set it in the environment (Channels__Email__UnsubscribeSecret), not in a file.");
        else if (UnsubscribeSecret.Length < UnsubscribeLinks.MinimumSecretLength)
            errors.Add($"{key}:UnsubscribeSecret must be at least {UnsubscribeLinks.MinimumSecretLength} characters.");
        if (Timeout <= TimeSpan.Zero)
            errors.Add($"{key}:Timeout must be greater than 0 (it is {Timeout}).");
        if (MaxConnections is < 1 or > 64)
            errors.Add($"{key}:MaxConnections must be between 1 and 64 (it is {MaxConnections}).");
        return errors;
    }
}

/// <summary>Names every mistake in <c>Channels:Email</c> when the options are first used (at start under a host).</summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
