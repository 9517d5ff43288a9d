using PhoneNumbers;

namespace Outreach.Channels.Twilio;

/// <summary>Phone numbers as Twilio wants them (E.164), checked with libphonenumber before anything is sent.</summary>
public static class TwilioNumbers
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Whether <paramref name="address"/> is a valid number written in E.164 (<c>+</c>, country code, number).</summary>
    public static bool IsE164(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || !address.StartsWith('+')) return false;
        try
        {
            var number = Phones.Parse(address, null);
            return Phones.IsValidNumber(number) && Phones.Format(number, PhoneNumberFormat.E164) == address;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>The number for logs: country code and last four digits, the rest hidden.</summary>
    public static string Mask(string? address) => address is { Length: > 7 }
        ? address[..3] + new string('*', address.Length - 7) + address[^4..]
        : "***";

    /// <summary>The send's answer for a number that is not E.164: permanent, and the address is not to be used again.</summary>
    public static DeliveryResult.PermanentFailure Invalid() =>
        new("not a valid E.164 phone number; not sent", Suppress: true);
}
