using System.Text.RegularExpressions;
using MimeKit;

namespace Outreach.Channels.Email;

/// <summary>Email address checks and masking.</summary>
public static partial class EmailAddresses
{
    private static readonly ParserOptions Strict = new() { AddressParserComplianceMode = RfcComplianceMode.Strict, AllowAddressesWithoutDomain = false };

    /// <summary>
    /// Whether <paramref name="address"/> is one bare address (<c>local@domain.tld</c>): no display name, no list, no
    /// whitespace, a domain with a dot. Anything else is refused rather than guessed at.
    /// </summary>
    public static bool TryParse(string? address, out MailboxAddress mailbox)
    {
        mailbox = null!;
        if (string.IsNullOrEmpty(address) || address.Length > 254 || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';'))
            return false;
        if (!MailboxAddress.TryParse(Strict, address, out var parsed) || parsed.Route.Count > 0 || parsed.Address != address)
            return false;
        var at = address.LastIndexOf('@');
        if (at <= 0 || address.IndexOf('@') != at) return false;
        var domain = address[(at + 1)..];
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..")) return false;
        mailbox = parsed;
        return true;
    }

    /// <summary>The address as logs may show it: first letter and domain, e.g. <c>z***@example.com</c>.</summary>
    public static string Mask(string? address)
    {
        if (string.IsNullOrEmpty(address)) return "***";
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : address[0] + "***" + address[at..];
    }

    /// <summary>
    /// <paramref name="text"/> with every address in it masked: servers quote the recipient in their replies, and
    /// those replies end up in logs and in the ledger's failure reasons.
    /// </summary>
    public static string MaskWithin(string text) => AddressPattern().Replace(text, match => Mask(match.Value));

    [GeneratedRegex(@"[^\s<>()\[\],;:""@]+@[^\s<>()\[\],;:""@]+")]
    private static partial Regex AddressPattern();
}
