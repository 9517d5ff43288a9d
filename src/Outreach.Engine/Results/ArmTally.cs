namespace Outreach.Engine.Results;

/// <summary>The running counts of one arm while a campaign's history streams by.</summary>
internal sealed class ArmTally(string name, ArmKind kind)
{
    public string Name { get; } = name;
    public ArmKind Kind { get; } = kind;
    public long Assigned { get; private set; }
    public long Touched { get; private set; }
    public long Delivered { get; private set; }
    public long Converted { get; private set; }
    public long Touches { get; private set; }
    public decimal Revenue { get; private set; }
    public decimal Cost { get; private set; }

    public void Add(CustomerOutcome outcome)
    {
        Assigned++;
        if (outcome.Touched) Touched++;
        if (outcome.Delivered) Delivered++;
        if (outcome.Converted) Converted++;
        Touches += outcome.Touches;
        Revenue += outcome.Revenue;
        Cost += outcome.Cost;
    }
}
