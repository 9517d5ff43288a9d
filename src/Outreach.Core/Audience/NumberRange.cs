namespace Outreach.Core.Audience;

/// <summary>An inclusive range; a missing bound is open.</summary>
public readonly record struct NumberRange(double? Min, double? Max)
{
    public bool Contains(double value) => (Min is not { } min || value >= min) && (Max is not { } max || value <= max);

    public override string ToString() => (Min, Max) switch
    {
        ({ } min, { } max) => $"{min}..{max}",
        ({ } min, null) => $">= {min}",
        (null, { } max) => $"<= {max}",
        _ => "any",
    };
}
