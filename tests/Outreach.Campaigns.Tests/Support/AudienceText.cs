using System.Collections;
using System.Globalization;
using Outreach.Core.Audience;

namespace Outreach.Campaigns.Tests.Support;

/// <summary>
/// Prints an audience filter tree with its lists spelt out, so two trees can be compared as text
/// (records compare lists by reference, and assertions on text show the difference readably).
/// </summary>
internal static class AudienceText
{
    public static string Of(object? value) => value switch
    {
        null => "null",
        string text => text,
        IFormattable formattable when value.GetType().IsPrimitive || value is Enum => formattable.ToString(null, CultureInfo.InvariantCulture),
        NumberRange range => $"[{Of(range.Min)}..{Of(range.Max)}]",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Of)) + "]",
        AudienceFilter filter => filter.GetType().Name + "(" + string.Join(", ", filter.GetType().GetProperties()
            .Where(p => p.Name != "EqualityContract")
            .Select(p => Of(p.GetValue(filter)))) + ")",
        _ => value.ToString() ?? "",
    };
}
