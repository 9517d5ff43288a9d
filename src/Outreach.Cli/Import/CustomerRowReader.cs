using Outreach.Core;
using Outreach.Core.Customers;

namespace Outreach.Cli.Import;

/// <summary>
/// Turns the fields of one CSV row into a validated <see cref="Customer"/>, or into every problem the row has,
/// so a marketer can fix them all in one pass.
/// </summary>
internal sealed class CustomerRowReader(ContactValidator contacts, TimeProvider time, TimeZoneInfo defaultTimeZone)
{
    private static readonly (CustomerColumn Column, Channel Channel)[] ConsentColumns =
    [
        (CustomerColumn.ConsentSms, Channel.Sms),
        (CustomerColumn.ConsentCall, Channel.Call),
        (CustomerColumn.ConsentEmail, Channel.Email),
        (CustomerColumn.ConsentWeChat, Channel.WeChat),
    ];

    /// <param name="field">The trimmed text of a column; empty when the file does not have it.</param>
    public (Customer? Customer, IReadOnlyList<ImportRowError> Errors) Read(Func<CustomerColumn, string> field, int line)
    {
        var errors = new List<ImportRowError>();
        void Fail(CustomerColumn column, string message) => errors.Add(new(line, CustomerColumns.NameOf(column), message));

        // Times without an offset are the customer's wall-clock times, so the time zone is needed first.
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(field(CustomerColumn.TimeZone), out var own) ? own : defaultTimeZone;

        if (!CsvFieldValues.TryParseMembershipStatus(field(CustomerColumn.MembershipStatus), out var status))
            Fail(CustomerColumn.MembershipStatus, $"'{field(CustomerColumn.MembershipStatus)}' is not a membership status ({CsvFieldValues.MembershipStatusHint}).");

        DateTimeOffset? Timestamp(CustomerColumn column)
        {
            var text = field(column);
            if (text.Length == 0) return null;
            if (CsvFieldValues.TryParseTimestamp(text, zone, out var value)) return value;
            Fail(column, $"'{text}' is not a date ({CsvFieldValues.TimestampHint}).");
            return null;
        }
        var expiresAt = Timestamp(CustomerColumn.MembershipExpiresAt);
        var createdAt = Timestamp(CustomerColumn.CreatedAt);

        var consent = new Dictionary<Channel, ConsentStatus>();
        foreach (var (column, channel) in ConsentColumns)
        {
            if (!CsvFieldValues.TryParseConsent(field(column), out var answer))
                Fail(column, $"'{field(column)}' is not a consent answer ({CsvFieldValues.ConsentHint}).");
            else if (answer != ConsentStatus.Unknown)
                consent[channel] = answer;
        }

        var (customer, contactErrors) = contacts.Validate(new Customer
        {
            Id = field(CustomerColumn.Id),
            Name = OrNull(field(CustomerColumn.Name)),
            Phone = OrNull(field(CustomerColumn.Phone)),
            Email = OrNull(field(CustomerColumn.Email)),
            WeChatOpenId = OrNull(field(CustomerColumn.WeChatOpenId)),
            TimeZone = OrNull(field(CustomerColumn.TimeZone)),
            Tags = CsvFieldValues.SplitTags(field(CustomerColumn.Tags)),
            Consent = consent,
            MembershipTier = OrNull(field(CustomerColumn.MembershipTier))?.ToLowerInvariant(),
            MembershipStatus = status,
            MembershipExpiresAt = expiresAt,
            // A row without a creation time is a customer we first hear of now.
            CreatedAt = createdAt ?? time.GetUtcNow(),
        });
        errors.InsertRange(0, contactErrors.Select(e => new ImportRowError(line, e.Field, e.Message)));

        return errors.Count == 0 ? (customer, errors) : (null, errors);
    }

    private static string? OrNull(string text) => text.Length == 0 ? null : text;
}
