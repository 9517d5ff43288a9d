using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Outreach.Campaigns.Reading;

/// <summary>Reads single values (text, numbers, durations, words from a list) and says clearly what was expected.</summary>
internal static class ValueReading
{
    public static string? Text(this ReadContext context, YamlNode node, string key)
    {
        if (node is YamlScalarNode scalar && !IsEmpty(scalar)) return scalar.Value!;
        context.Error(node, IsEmpty(node) ? $"{key} has no value." : $"{key} must be text, not {Shown(node)}.");
        return null;
    }

    public static double? Number(this ReadContext context, YamlNode node, string key, NumberRule rule)
    {
        var parsed = node is YamlScalarNode { Value: { } raw } && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : (double?)null;
        var plain = node is YamlScalarNode { Style: ScalarStyle.Plain };
        if (parsed is { } value && plain && rule.Allows(value)) return value;

        var hint = parsed is not null && !plain ? " Write the number without quotes."
            : node is YamlScalarNode { Value: { } text } && text.EndsWith('%') ? " Write the number without %."
            : "";
        context.Error(node, $"{key} must be {rule.Description}, not {Shown(node)}.{hint}");
        return null;
    }

    public static int? WholeNumber(this ReadContext context, YamlNode node, string key, NumberRule rule) =>
        context.Number(node, key, rule with { Whole = true }) is { } value ? (int)value : null;

    public static bool? YesNo(this ReadContext context, YamlNode node, string key)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar) return scalar.Value == "true";
        context.Error(node, $"{key} must be true or false, not {Shown(node)}.");
        return null;
    }

    public static TimeSpan? Duration(this ReadContext context, YamlNode node, string key)
    {
        if (node is YamlScalarNode { Value: var raw } && Core.Duration.TryParse(raw, out var duration)) return duration;
        var hint = node is YamlScalarNode { Value: { } digits } && digits.Length > 0 && digits.All(char.IsAsciiDigit)
            ? $" Add a unit: {digits}d is {digits} days, {digits}h is {digits} hours."
            : "";
        context.Error(node, $"{key} must be a duration such as 3d, 12h or 30m (w weeks, d days, h hours, m minutes, s seconds; combine them as in 1d12h), not {Shown(node)}.{hint}");
        return null;
    }

    /// <summary>One of a fixed set of words, e.g. a channel; <paramref name="noun"/> names what the word is ("a channel").</summary>
    public static T? Word<T>(this ReadContext context, YamlNode node, string noun, IReadOnlyDictionary<string, T> words) where T : struct
    {
        if (node is YamlScalarNode { Value: { } raw } && words.TryGetValue(raw, out var value)) return value;
        var shown = node is YamlScalarNode { Value: { Length: > 0 } text } ? $"'{text}' is not {noun}" : $"{Shown(node)} is not {noun}";
        var guess = node is YamlScalarNode { Value: { } word } ? Suggestions.DidYouMean(word, words.Keys) : "";
        context.Error(node, $"{Wording.Capitalised(shown)}; use {Suggestions.OneOf(words.Keys)}.{guess}");
        return null;
    }

    /// <summary>The items of a list; an empty list is an error unless <paramref name="allowEmpty"/>.</summary>
    public static IReadOnlyList<YamlNode>? List(this ReadContext context, YamlNode node, string key, string example, bool allowEmpty = false)
    {
        if (node is YamlSequenceNode sequence && (allowEmpty || sequence.Children.Count > 0)) return sequence.Children.ToList();
        context.Error(node, node is YamlSequenceNode
            ? $"{key} is an empty list; name at least one, e.g. {example}."
            : $"{key} must be a list, e.g. {example}, not {Shown(node)}.");
        return null;
    }

    public static IReadOnlyList<T>? Words<T>(this ReadContext context, YamlNode node, string key, string noun, IReadOnlyDictionary<string, T> words) where T : struct =>
        context.WordItems(node, key, noun, words)?.Select(item => item.Value).Distinct().ToList();

    /// <summary>A list of words with the node of each, for messages about one entry; null if any entry is not a word of the list.</summary>
    public static IReadOnlyList<(T Value, YamlNode Node)>? WordItems<T>(this ReadContext context, YamlNode node, string key, string noun, IReadOnlyDictionary<string, T> words)
        where T : struct
    {
        if (context.List(node, key, $"[{string.Join(", ", words.Keys.Take(2))}]") is not { } items) return null;
        var values = items.Select(item => (Value: context.Word(item, noun, words), Node: item)).ToList();
        return values.All(v => v.Value is not null) ? values.Select(v => (v.Value!.Value, v.Node)).ToList() : null;
    }

    public static IReadOnlyList<string>? Texts(this ReadContext context, YamlNode node, string key, string example, bool allowEmpty = false)
    {
        if (context.List(node, key, example, allowEmpty) is not { } items) return null;
        var values = items.Select(item => context.Text(item, $"Each entry of {key}")).ToList();
        return values.All(v => v is not null) ? values.Select(v => v!).Distinct().ToList() : null;
    }

    public static bool IsEmpty(YamlNode node) =>
        node is YamlScalarNode scalar && (scalar.Value is null || scalar.Value.Trim().Length == 0 ||
                                          scalar.Style == ScalarStyle.Plain && scalar.Value is "~" or "null" or "Null" or "NULL");

    /// <summary>A value as a message quotes it.</summary>
    public static string Shown(YamlNode node) => node switch
    {
        _ when IsEmpty(node) => "empty",
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => $"'{scalar.Value}'",
        YamlScalarNode scalar => $"the quoted text '{scalar.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a block of settings",
        _ => "this",
    };
}
