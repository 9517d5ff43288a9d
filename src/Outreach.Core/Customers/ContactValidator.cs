using System.Net.Mail;
using PhoneNumbers;

namespace Outreach.Core.Customers;

/// <summary>
/// Checks and normalises contact details before they are stored: phone numbers to E.164 (libphonenumber),
/// emails to a plausible address. A bad contact is a problem of one customer, never of the batch.
/// </summary>
public sealed class ContactValidator(string defaultRegion = "CN")
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Normalises <paramref name="phone"/> to E.164, or says why it cannot.</summary>
    public bool TryNormalizePhone(string phone, out string e164, out string? error)
    {
        e164 = "";
        try
        {
            var parsed = Phones.Parse(phone, defaultRegion);
            if (!Phones.IsValidNumber(parsed))
            {
                error = $"'{phone}' is not a valid phone number.";
                return false;
            }
            e164 = Phones.Format(parsed, PhoneNumberFormat.E164);
            error = null;
            return true;
        }
        catch (NumberParseException ex)
        {
            error = $"'{phone}' is not a phone number ({ex.Message.TrimEnd('.')}).";
            return false;
        }
    }

    /// <summary>
    /// An email address as it is stored, sent to and suppressed: trimmed and in lower case. Mailboxes do not tell case
    /// apart in practice, so <c>Wang@Example.COM</c> and <c>wang@example.com</c> must be one address to the suppression list.
    /// </summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public bool IsValidEmail(string email) =>
        MailAddress.TryCreate(email, out var address) && address.Address == email.Trim() && address.Host.Contains('.');

    /// <summary>
    /// Returns the customer with normalised contacts, or the list of problems (field name and message).
    /// </summary>
    public (Customer? Customer, IReadOnlyList<(string Field, string Message)> Errors) Validate(Customer customer)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(customer.Id)) errors.Add(("id", "Every customer needs an id."));

        var phone = customer.Phone;
        if (!string.IsNullOrWhiteSpace(phone))
        {
            if (TryNormalizePhone(phone, out var e164, out var error)) phone = e164;
            else errors.Add(("phone", error!));
        }
        if (!string.IsNullOrWhiteSpace(customer.Email) && !IsValidEmail(customer.Email))
            errors.Add(("email", $"'{customer.Email}' is not a valid email address."));
        if (!string.IsNullOrWhiteSpace(customer.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(customer.TimeZone, out _))
            errors.Add(("timezone", $"'{customer.TimeZone}' is not a known time zone (use an IANA name such as Asia/Shanghai)."));

        return errors.Count > 0
            ? (null, errors)
            : (customer with { Phone = string.IsNullOrWhiteSpace(phone) ? null : phone, Email = string.IsNullOrWhiteSpace(customer.Email) ? null : NormalizeEmail(customer.Email) }, errors);
    }
}
