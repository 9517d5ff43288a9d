namespace Outreach.Core.Simulation;

/// <summary>The segment tags a CRM team puts on customers; "vip" follows spend, the rest are traits.</summary>
internal static class SimulatedTags
{
    public const string Vip = "vip";
    public const string Staff = "staff";
    public const string Complained = "complained";
    public const string Student = "student";
    public const string Parent = "parent";
    public const string Corporate = "corporate";

    public static IReadOnlyList<string> Next(SimulationRandom random, decimal totalSpend)
    {
        List<string>? tags = null;
        if (random.Chance(totalSpend >= 5000 ? 0.7 : totalSpend >= 2000 ? 0.15 : 0.01)) (tags ??= []).Add(Vip);
        if (random.Chance(0.005)) (tags ??= []).Add(Staff);
        if (random.Chance(0.02)) (tags ??= []).Add(Complained);
        if (random.Chance(0.07)) (tags ??= []).Add(Student);
        else if (random.Chance(0.12)) (tags ??= []).Add(Parent);
        if (random.Chance(0.02)) (tags ??= []).Add(Corporate);
        return tags ?? (IReadOnlyList<string>)[];
    }
}
