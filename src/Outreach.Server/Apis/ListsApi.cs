using Microsoft.Extensions.Options;
using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Limits;
using Outreach.Limits.Suppression;
using Outreach.Limits.Whitelists;
using Outreach.Server.Security;
using Outreach.Storage;

namespace Outreach.Server.Apis;

public static class ListsApi
{
    /// <summary>
    /// The suppression list (per channel, of a customer or an address) and the whitelist rules' customer lists (admin scope).
    /// Addresses travel in bodies, never in paths or query strings, so request logs never hold a phone number or email.
    /// </summary>
    public static IEndpointRouteBuilder MapListsApi(this IEndpointRouteBuilder app)
    {
        var lists = app.MapGroup("/lists").WithTags("Lists").RequireScope(Scopes.Admin);
        lists.MapGet("/suppressions", Suppressions);
        lists.MapPost("/suppressions", Suppress);
        lists.MapPost("/suppressions/check", CheckSuppression);
        lists.MapPost("/suppressions/remove", RemoveSuppression);
        lists.MapGet("/whitelists", Whitelists);
        lists.MapGet("/whitelists/{list}", Whitelist);
        lists.MapPost("/whitelists/{list}/members", AddMembers);
        lists.MapGet("/whitelists/{list}/members/{customerId}", CheckMember);
        lists.MapDelete("/whitelists/{list}/members/{customerId}", RemoveMember);
        return app;
    }

    /// <summary>Suppresses a customer (all their addresses) or one address on a channel, with a reason; it stays until removed.</summary>
    public static async Task<IResult> Suppress(SuppressionBody body, ISuppressionList suppressions, ContactValidator contacts, CancellationToken ct)
    {
        var errors = new List<(string, string)>();
        var target = body.Target(contacts, errors);
        var reason = SuppressionReasons.Parse(body.Reason, errors);
        if (target is not { } t || reason is not { } r) return Problems.Invalid([.. errors]);

        var suppression = new Suppression(t.Channel, t.Kind, t.Subject, r);
        await suppressions.AddAsync(suppression, ct);
        return TypedResults.Ok(SuppressionView.Of(suppression));
    }

    /// <summary>
    /// Whether a touch on the channel would be suppressed, and by which entry. A customer is checked together with the
    /// address the channel would use for them, as the engine checks a touch.
    /// </summary>
    public static async Task<IResult> CheckSuppression(
        SuppressionBody body, ISuppressionList suppressions, ICustomerStore store, ContactValidator contacts, CancellationToken ct)
    {
        var errors = new List<(string, string)>();
        var channel = SuppressionBody.ParseChannel(body.Channel, errors);
        var address = body.Address is { Length: > 0 } given && channel is { } c ? SuppressionBody.Normalize(c, given, contacts, errors) : null;
        if (string.IsNullOrWhiteSpace(body.CustomerId) && string.IsNullOrWhiteSpace(body.Address))
            errors.Add(("customerId", "Name a customerId, an address, or both."));
        if (errors.Count > 0 || channel is not { } ch) return Problems.Invalid([.. errors]);

        var customerId = body.CustomerId?.Trim() ?? "";
        if (address is null && customerId.Length > 0 && await store.GetCustomerAsync(customerId, ct) is { } customer)
            address = ContactAddress.For(customer, ch);
        var found = await suppressions.FindAsync(ch, customerId, address, ct);
        return TypedResults.Ok(new SuppressionCheck(ch.ToName(), found is not null, found is null ? null : SuppressionView.Of(found)));
    }

    /// <summary>The suppression list as it stands, at most <paramref name="limit"/> entries (1–1000, default 200).</summary>
    public static async Task<IResult> Suppressions(ISuppressionList suppressions, CancellationToken ct, int? limit = null)
    {
        if (limit is < 1 or > 1000) return Problems.Invalid(("limit", "limit is a number of entries from 1 to 1000."));
        var max = limit ?? 200;
        // One more than asked tells whether the list goes on.
        var entries = await suppressions.ListAsync(max + 1, ct);
        return TypedResults.Ok(new SuppressionListing([.. entries.Take(max).Select(SuppressionView.Of)], entries.Count > max));
    }

    /// <summary>Lifts a suppression (a re-opt-in): the exact entry named, a customer's or an address's.</summary>
    public static async Task<IResult> RemoveSuppression(SuppressionBody body, ISuppressionList suppressions, ContactValidator contacts, CancellationToken ct)
    {
        var errors = new List<(string, string)>();
        if (body.Target(contacts, errors) is not { } t) return Problems.Invalid([.. errors]);
        return await suppressions.RemoveAsync(t.Channel, t.Kind, t.Subject, ct)
            ? TypedResults.Ok(new SuppressionRemoved(t.Channel.ToName(), t.Kind.ToString().ToLowerInvariant(), true))
            : Problems.NotFound($"No {t.Channel.ToName()} suppression of that {t.Kind.ToString().ToLowerInvariant()} is on the list.");
    }

    /// <summary>Every whitelist: the lists the rules in <c>Limits:Lists</c> name, and any other list that has members.</summary>
    public static async Task<IResult> Whitelists(IOptions<LimitsOptions> options, WhitelistService lists, CancellationToken ct)
    {
        var rules = options.Value.Lists;
        var names = rules.Select(r => r.List).Concat(await lists.ListNamesAsync(ct)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var views = new List<WhitelistSummary>();
        foreach (var name in names)
            views.Add(WhitelistSummary.Of(name, rules.Where(r => r.List == name).ToList(), (await lists.MembersAsync(name, ct)).Count));
        return TypedResults.Ok(views);
    }

    /// <summary>One list with its members in id order (<c>limit</c> of them, 1000 by default).</summary>
    public static async Task<IResult> Whitelist(string list, int? limit, IOptions<LimitsOptions> options, WhitelistService lists, CancellationToken ct)
    {
        if (await UnknownListAsync(list, options.Value, lists, ct) is { } unknown) return unknown;
        var take = limit ?? 1000;
        if (take is < 1 or > 100_000) return Problems.Invalid(("limit", $"limit must be between 1 and 100000, not {take}."));
        var members = await lists.MembersAsync(list, ct);
        var rules = options.Value.Lists.Where(r => r.List == list).ToList();
        return TypedResults.Ok(new WhitelistMembers(WhitelistSummary.Of(list, rules, members.Count), [.. members.Order(StringComparer.Ordinal).Take(take)]));
    }

    /// <summary>Adds customers to a list; the list must be named by a whitelist rule (a list no rule reads would do nothing).</summary>
    public static async Task<IResult> AddMembers(string list, MembersBody body, IOptions<LimitsOptions> options, WhitelistService lists, CancellationToken ct)
    {
        if (await UnknownListAsync(list, options.Value, lists, ct, toAdd: true) is { } unknown) return unknown;
        if (body.CustomerIds is not { Count: > 0 } ids) return Problems.Invalid(("customerIds", "Give the customers to add as a non-empty array of ids."));
        var blank = ids.Select((id, index) => (id, index)).Where(p => string.IsNullOrWhiteSpace(p.id))
            .Select(p => ($"customerIds[{p.index}]", "A customer id cannot be empty.")).ToArray();
        if (blank.Length > 0) return Problems.Invalid(blank);

        var added = ids.Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList();
        await lists.AddAsync(list, added, ct);
        return TypedResults.Ok(new MembersChanged(list, added.Count, (await lists.MembersAsync(list, ct)).Count));
    }

    public static async Task<IResult> CheckMember(string list, string customerId, IOptions<LimitsOptions> options, WhitelistService lists, CancellationToken ct)
    {
        if (await UnknownListAsync(list, options.Value, lists, ct) is { } unknown) return unknown;
        return TypedResults.Ok(new Membership(list, customerId, (await lists.MembersAsync(list, ct)).Contains(customerId)));
    }

    public static async Task<IResult> RemoveMember(string list, string customerId, IOptions<LimitsOptions> options, WhitelistService lists, CancellationToken ct)
    {
        if (await UnknownListAsync(list, options.Value, lists, ct) is { } unknown) return unknown;
        if (!(await lists.MembersAsync(list, ct)).Contains(customerId)) return Problems.NotFound($"Customer '{customerId}' is not on the list '{list}'.");
        await lists.RemoveAsync(list, [customerId], ct);
        return TypedResults.Ok(new Membership(list, customerId, false));
    }

    /// <summary>404 naming the list and the known ones, unless a rule names it (or, except to add, it has members).</summary>
    private static async Task<IResult?> UnknownListAsync(string list, LimitsOptions options, WhitelistService lists, CancellationToken ct, bool toAdd = false)
    {
        var configured = options.Lists.Select(r => r.List).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (configured.Contains(list, StringComparer.Ordinal)) return null;
        if (!toAdd && (await lists.ListNamesAsync(ct)).Contains(list, StringComparer.Ordinal)) return null;
        var known = configured.Count > 0 ? $"the lists in Limits:Lists are {string.Join(", ", configured)}" : "Limits:Lists names no list";
        return Problems.NotFound($"Unknown list '{list}': no whitelist rule names it ({known}).");
    }
}

/// <summary>
/// A suppression list request: the <c>channel</c>, and a <c>customerId</c> or an <c>address</c> (phone for sms and call,
/// email, or WeChat openid); <c>reason</c> (<c>opt_out</c>, <c>complaint</c>, <c>invalid_contact</c>) when adding.
/// </summary>
public sealed record SuppressionBody(string? Channel, string? CustomerId, string? Address, string? Reason)
{
    /// <summary>The one entry the body names: exactly one of customerId and address, with a phone normalised to E.164.</summary>
    public (Channel Channel, SubjectKind Kind, string Subject)? Target(ContactValidator contacts, List<(string, string)> errors)
    {
        var channel = ParseChannel(Channel, errors);
        var hasCustomer = !string.IsNullOrWhiteSpace(CustomerId);
        var hasAddress = !string.IsNullOrWhiteSpace(Address);
        if (hasCustomer == hasAddress)
            errors.Add((hasCustomer ? "address" : "customerId", "Name either a customerId or an address, not both and not neither."));
        if (channel is not { } c || hasCustomer == hasAddress) return null;
        if (hasCustomer) return (c, SubjectKind.Customer, CustomerId!.Trim());
        return Normalize(c, Address!, contacts, errors) is { } address ? (c, SubjectKind.Address, address) : null;
    }

    public static Channel? ParseChannel(string? name, List<(string, string)> errors)
    {
        if (ChannelNames.TryParse(name, out var channel)) return channel;
        errors.Add(("channel", string.IsNullOrWhiteSpace(name)
            ? $"Name the channel: one of {string.Join(", ", ChannelNames.All)}."
            : $"'{name}' is not a channel; use one of {string.Join(", ", ChannelNames.All)}."));
        return null;
    }

    /// <summary>The address as the channel's touches carry it, so the engine's check finds the entry.</summary>
    public static string? Normalize(Channel channel, string address, ContactValidator contacts, List<(string, string)> errors)
    {
        var trimmed = address.Trim();
        switch (channel)
        {
            case Core.Channel.Sms or Core.Channel.Call:
                if (contacts.TryNormalizePhone(trimmed, out var e164, out var error)) return e164;
                errors.Add(("address", $"{error} An sms or call address is a phone number."));
                return null;
            case Core.Channel.Email when !contacts.IsValidEmail(trimmed):
                errors.Add(("address", "An email address such as name@example.com is needed for email."));
                return null;
            case Core.Channel.Email:
                return ContactValidator.NormalizeEmail(trimmed);
            default:
                return trimmed;
        }
    }
}

/// <summary>The reasons a suppression may give, as the API spells them.</summary>
public static class SuppressionReasons
{
    public static string Name(SuppressionReason reason) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());

    public static SuppressionReason? Parse(string? name, List<(string, string)> errors)
    {
        var all = Enum.GetValues<SuppressionReason>();
        var normalized = name?.Trim().Replace("-", "_").ToLowerInvariant();
        foreach (var reason in all)
            if (Name(reason) == normalized) return reason;
        errors.Add(("reason", $"{(string.IsNullOrWhiteSpace(name) ? "A reason is needed" : $"'{name}' is not a reason")}; use one of {string.Join(", ", all.Select(Name))}."));
        return null;
    }
}

public sealed record SuppressionView(string Channel, string Kind, string Subject, string Reason)
{
    public static SuppressionView Of(Suppression s) => new(s.Channel.ToName(), s.Kind.ToString().ToLowerInvariant(), s.Subject, SuppressionReasons.Name(s.Reason));
}

public sealed record SuppressionCheck(string Channel, bool Suppressed, SuppressionView? By);

/// <summary>Suppression entries; <c>Truncated</c> when there are more than the limit asked for.</summary>
public sealed record SuppressionListing(IReadOnlyList<SuppressionView> Entries, bool Truncated);

public sealed record SuppressionRemoved(string Channel, string Kind, bool Removed);

/// <summary>Customers to add to a whitelist.</summary>
public sealed record MembersBody(IReadOnlyList<string>? CustomerIds);

/// <summary>A list with what the rules naming it do (<c>allow_only</c>, <c>exempt</c>, <c>caps</c>) and how many members it has.</summary>
public sealed record WhitelistSummary(string Name, IReadOnlyList<string> Effects, IReadOnlyList<string> Caps, IReadOnlyList<string> Campaigns,
    IReadOnlyList<string> Tags, int Count)
{
    public static WhitelistSummary Of(string name, IReadOnlyList<CustomerListRule> rules, int count) => new(name,
        [.. rules.Select(r => r.Effect)], [.. rules.SelectMany(r => r.Caps).Select(c => c.ToString())],
        [.. rules.SelectMany(r => r.Campaigns).Distinct()], [.. rules.SelectMany(r => r.Tags).Distinct()], count);
}

public sealed record WhitelistMembers(WhitelistSummary List, IReadOnlyList<string> Members);

public sealed record MembersChanged(string List, int Added, int Count);

public sealed record Membership(string List, string CustomerId, bool Member);
